package io.faultline.common.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.incident.Incident;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemediationRulesTest {
    private static final long T0 = Instant.parse("2026-10-02T06:00:00Z").toEpochMilli();
    private final RemediationRules rules = RemediationRules.defaults();

    static Incident incident(String kind, String cause) {
        Incident i = new Incident();
        i.incidentId = "abc";
        i.model = "intent-classifier";
        i.kind = kind;
        i.category = "MODEL";
        i.suspectedCause = cause;
        i.modelVersions = new String[] {"1.8.2", "1.9.0"};
        i.affectedVersions = new String[] {"1.9.0"};
        i.startedAt = T0;
        i.detectedAt = T0 + 3_600_000L;
        i.peakValue = 0.35;
        i.baselineValue = 0.05;
        i.thresholdValue = 0.10;
        i.affectedEvents = 1234;
        i.driftedColumns = new String[0];
        i.driftedColumnScores = new double[0];
        return i;
    }

    static Incident regression() {
        Incident i = incident("REGRESSION_AFTER_DEPLOYMENT", "DEPLOYMENT");
        i.category = "DEPLOYMENT";
        i.signalKey = "1.9.0";
        i.relatedDeploymentId = "dep-intent-classifier-20261002-0600";
        i.relatedDeploymentVersion = "1.9.0";
        i.relatedDeployedAt = T0;
        i.newVersion = "1.9.0";
        i.previousVersion = "1.8.2";
        i.comparisonBasis = "PREVIOUS_VERSION_TRAILING_WINDOWS";
        i.newVersionLabelled = 1500L;
        i.newVersionMisclassified = 525L;
        i.newVersionErrorRate = 0.35;
        i.previousVersionLabelled = 8000L;
        i.previousVersionMisclassified = 400L;
        i.previousVersionErrorRate = 0.05;
        i.comparisonFrom = T0 - 24 * 3_600_000L;
        i.comparisonTo = T0;
        return i;
    }

    @Test
    void aRegressionIsRolledBackToThePreviousVersionByName() {
        Remediation r = rules.forIncident(regression());
        assertThat(r.ruleId()).isEqualTo("rollback-regression");
        assertThat(r.action()).isEqualTo(RemediationAction.ROLLBACK);
        assertThat(r.target()).isEqualTo("1.8.2");
        assertThat(r.hypothesis()).isEqualTo("Version 1.9.0 of intent-classifier, put live by deployment"
                + " dep-intent-classifier-20261002-0600, is worse than 1.8.2: its labelled error rate is 0.3500 (525 of"
                + " 1500) against 0.0500 (400 of 8000, previous version trailing windows).");
        assertThat(r.validationPlan()).contains("Roll intent-classifier back to 1.8.2")
                .contains("over 2026-10-01T06:00:00Z..2026-10-02T06:00:00Z (0.0500, recorded on the incident)");
        assertThat(r.acceptanceCriterion()).startsWith(
                "The labelled error rate of 1.8.2 over the windows after the rollback is at most 0.1000");
    }

    @ParameterizedTest
    @CsvSource({
        "LATENCY_SLO_BREACH, DEPLOYMENT, scale-out-latency, SCALE_OUT, intent-classifier",
        "UNREGISTERED_VERSION, DEPLOYMENT, register-unregistered-version, REGISTER_DEPLOYMENT, 1.9.0",
        "SCHEMA_VIOLATION, DATA, fix-upstream-contract, FIX_UPSTREAM_CONTRACT, intent-classifier",
        "MISSING_FEATURE, DATA, fix-upstream-contract, FIX_UPSTREAM_CONTRACT, intent-classifier",
        "SUSPECTED_LABEL_NOISE, DATA, relabel-label-noise, RELABEL, intent-classifier",
        "OUT_OF_DISTRIBUTION, DATA, relabel-edge-cases, RELABEL, intent-classifier",
        "MISCLASSIFICATION, MODEL, retrain-on-recent-errors, RETRAIN_ON_SEGMENT, labelled predictions of 1.9.0 since 2026-10-02T06:00:00Z",
        "LOW_CONFIDENCE, MODEL, relabel-uncertain-predictions, RELABEL, intent-classifier",
        "PREDICTION_DRIFT, MODEL, relabel-uncertain-predictions, RELABEL, intent-classifier",
        "SOMETHING_NEW, MODEL, investigate, INVESTIGATE, intent-classifier",
    })
    void eachIncidentKindGetsItsAction(String kind, String cause, String rule, RemediationAction action, String target) {
        Remediation r = rules.forIncident(incident(kind, cause));
        assertThat(r.ruleId()).isEqualTo(rule);
        assertThat(r.action()).isEqualTo(action);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.hypothesis()).isNotBlank().doesNotContain("{");
        assertThat(r.validationPlan()).isNotBlank().doesNotContain("{");
        assertThat(r.acceptanceCriterion()).isNotBlank().doesNotContain("{");
    }

    @Test
    void aFeatureDriftRetrainsOnTheDriftedColumns() {
        Incident i = incident("FEATURE_DRIFT", "DATA");
        i.driftedColumns = new String[] {"features.amount", "features.country", "prediction"};
        i.driftedColumnScores = new double[] {34.9, 12.0, 1.2};
        Remediation r = rules.forIncident(i);
        assertThat(r.action()).isEqualTo(RemediationAction.RETRAIN_ON_SEGMENT);
        assertThat(r.target()).isEqualTo("features.amount, features.country");
        assertThat(r.hypothesis()).contains("on features.amount, features.country since 2026-10-02T06:00:00Z");
        // Drift of the prediction column alone is not a segment to retrain on.
        i.driftedColumns = new String[] {"prediction"};
        assertThat(rules.forIncident(i).ruleId()).isEqualTo("investigate");
    }

    @Test
    void aSymptomBlamedOnADeploymentIsRolledBackOnlyWhenThePreviousVersionIsKnown() {
        Incident i = incident("LOW_CONFIDENCE", "DEPLOYMENT");
        i.relatedDeploymentId = "dep-v2";
        i.relatedDeploymentVersion = "v2";
        i.newVersion = "v2";
        i.previousVersion = "v1";
        Remediation r = rules.forIncident(i);
        assertThat(r.ruleId()).isEqualTo("rollback-suspected-deployment");
        assertThat(r.target()).isEqualTo("v1");
        assertThat(r.validationPlan()).contains("labelled error rates (unknown against unknown)");
        i.previousVersion = null;
        assertThat(rules.forIncident(i).ruleId()).isEqualTo("relabel-uncertain-predictions");
    }

    @Test
    void annotateFillsAndClearsTheIncidentFields() {
        Incident i = regression();
        rules.annotate(i);
        assertThat(i.remediationRule).isEqualTo("rollback-regression");
        assertThat(i.remediationAction).isEqualTo("ROLLBACK");
        assertThat(i.remediationTarget).isEqualTo("1.8.2");
        assertThat(i.acceptanceCriterion).contains("0.1000");
        RemediationRules none = RemediationRules.fromMap(Map.of("defaults", "replace"));
        none.annotate(i);
        assertThat(i.remediationRule).isNull();
        assertThat(i.remediationAction).isNull();
        assertThat(i.hypothesis).isNull();
    }

    @Test
    void catalogRowsGetARemediationWhereARuleMatches() {
        FailureRecord drift = failure("FEATURE_DRIFT", "3.2.0");
        drift.columnName = "features.amount";
        drift.windowStart = T0;
        drift.windowEnd = T0 + 3_600_000L;
        Remediation r = rules.forFailure(drift);
        assertThat(r.action()).isEqualTo(RemediationAction.RETRAIN_ON_SEGMENT);
        assertThat(r.target()).isEqualTo("features.amount");
        assertThat(r.hypothesis()).contains("in 2026-10-02T06:00:00Z..2026-10-02T07:00:00Z");

        FailureRecord unregistered = failure("UNREGISTERED_VERSION", "3.3.0-rc1");
        assertThat(rules.forFailure(unregistered).target()).isEqualTo("3.3.0-rc1");
        assertThat(rules.forFailure(failure("LATENCY_SLO_BREACH", "1.8.2")).action()).isEqualTo(RemediationAction.SCALE_OUT);
        assertThat(rules.forFailure(failure("LOW_CONFIDENCE", "1.8.2"))).as("no rule: no remediation").isNull();
        // Incident rules never apply to rows, failure rules never to incidents.
        assertThat(rules.forIncident(incident("FEATURE_DRIFT", "DATA")).ruleId()).isEqualTo("investigate");
    }

    @Test
    void overridesReplaceADefaultInPlaceAndNewRulesComeFirst() {
        Map<String, Object> rollback = rule("rollback-regression", "INVESTIGATE");
        rollback.put("kinds", List.of("REGRESSION_AFTER_DEPLOYMENT"));
        Map<String, Object> page = rule("page-on-latency", "SCALE_OUT");
        page.put("kinds", List.of("LATENCY_SLO_BREACH"));
        page.put("target", "serving pool of {model}");
        RemediationRules custom = RemediationRules.fromMap(Map.of("rules", List.of(rollback, page)), "remediation");

        assertThat(custom.rules()).extracting(RemediationRule::id).startsWith("page-on-latency", "rollback-regression");
        assertThat(custom.rules()).hasSize(rules.rules().size() + 1);
        assertThat(custom.forIncident(regression()).action()).isEqualTo(RemediationAction.INVESTIGATE);
        assertThat(custom.forIncident(incident("LATENCY_SLO_BREACH", "DEPLOYMENT")).target())
                .isEqualTo("serving pool of intent-classifier");

        RemediationRules only = RemediationRules.fromMap(Map.of("defaults", "replace", "rules", List.of(page)));
        assertThat(only.rules()).extracting(RemediationRule::id).containsExactly("page-on-latency");
        assertThat(only.forIncident(regression())).isNull();
    }

    @Test
    void overridesAreValidatedWithPreciseMessages() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("id", "Bad Id");
        bad.put("action", "REBOOT");
        bad.put("hypothesis", "{model} is {mood}");
        bad.put("validation-plan", "x");
        bad.put("causes", List.of("COSMIC_RAYS"));
        bad.put("requires", List.of("column"));
        bad.put("colour", "red");
        assertThatThrownBy(() -> RemediationRules.fromMap(Map.of("rules", List.of(bad)), "remediation"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remediation.rules[0].colour: unknown key; known keys: acceptance-criterion,")
                .hasMessageContaining("remediation.rules[0].causes: unknown cause COSMIC_RAYS; one of DEPLOYMENT, DATA, MODEL")
                .hasMessageContaining("remediation.rules[0].action: unknown action REBOOT; one of ROLLBACK,")
                .hasMessageContaining("remediation.rules[0].acceptance-criterion is required");

        Map<String, Object> placeholders = rule("r1", "RELABEL");
        placeholders.put("hypothesis", "{model} is {mood}");
        placeholders.put("requires", List.of("column"));
        assertThatThrownBy(() -> RemediationRules.fromMap(Map.of("rules", List.of(placeholders)), "remediation"))
                .hasMessageContaining("remediation.rules[0]: rule r1:")
                .hasMessageContaining("requires: column is evidence of failure rules, not of incident rules")
                .hasMessageContaining("hypothesis: unknown placeholder(s) {mood}; known for incident rules:");

        Map<String, Object> failureWithCause = rule("r2", "RELABEL");
        failureWithCause.put("applies-to", "failure");
        failureWithCause.put("causes", List.of("DATA"));
        assertThatThrownBy(() -> RemediationRules.fromMap(Map.of("rules", List.of(failureWithCause))))
                .hasMessageContaining("causes: only incident rules can match a suspected cause");

        assertThatThrownBy(() -> RemediationRules.fromMap(Map.of("rules", List.of(rule("r3", "RELABEL"),
                rule("r3", "INVESTIGATE"))), "remediation"))
                .hasMessage("remediation.rules[1].id: duplicate rule id r3");
        assertThatThrownBy(() -> RemediationRules.fromMap(Map.of("defaults", "drop", "rule", List.of())))
                .hasMessage("rule: unknown key; known keys: defaults, rules; defaults must be keep or replace, got drop");
    }

    @Test
    void theTableSurvivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rules);
        }
        RemediationRules back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RemediationRules) in.readObject();
        }
        assertThat(back.rules()).isEqualTo(rules.rules());
        assertThat(back.forIncident(regression())).isEqualTo(rules.forIncident(regression()));
    }

    private static Map<String, Object> rule(String id, String action) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("action", action);
        m.put("hypothesis", "h {model}");
        m.put("validation-plan", "v");
        m.put("acceptance-criterion", "a");
        return m;
    }

    private static FailureRecord failure(String mode, String version) {
        Prediction p = new Prediction();
        p.eventId = "e1";
        p.model = "fraud-detector";
        p.modelVersion = version;
        p.deployment = new Deployment();
        FailureRecord f = new FailureRecord();
        f.failureMode = mode;
        f.evidence = "evidence";
        f.event = p;
        return f;
    }
}
