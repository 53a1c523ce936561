package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureAnnotatorTest {
    private static final long T0 = Instant.parse("2026-10-01T06:00:00Z").toEpochMilli();

    private static FaultlineConfig config(String yaml) {
        try {
            return FaultlineConfig.parse(yaml, "test.yaml");
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static final FailureAnnotator ANNOTATOR = new FailureAnnotator(config(
            "thresholds: {models: {payments: {impact-weight: 4}, shadow: {impact-weight: 0.5}, half: {impact-weight: 1.9}}}"));

    private static Prediction prediction(String model) {
        Prediction p = new Prediction();
        p.eventId = "e-1";
        p.eventTime = T0;
        p.model = model;
        p.modelVersion = "v3";
        p.prediction = "fraud";
        p.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();
        p.numericFeatureNames = new String[0];
        p.categoricalFeatureNames = new String[0];
        p.missingFeatures = new String[0];
        return p;
    }

    private static FailureRecord row(FailureMode mode, Double score, Prediction p) {
        FailureRecord r = new FailureRecord();
        r.failureId = FailureClassifier.failureId(p.eventId, mode);
        r.failureMode = mode.name();
        r.category = mode.category().name();
        r.score = score;
        r.event = p;
        r.detectedAt = p.eventTime;
        r.evidence = "hand-built";
        return r;
    }

    // ---- severity -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "LATENCY_SLO_BREACH, 1.5,   LOW",
            "LATENCY_SLO_BREACH, 1.51,  MEDIUM",
            "LATENCY_SLO_BREACH, 3,     MEDIUM",
            "LATENCY_SLO_BREACH, 3.01,  HIGH",
            "LOW_CONFIDENCE,     0.5,   LOW",
            "LOW_CONFIDENCE,     0.49,  MEDIUM",
            "AMBIGUOUS,          0.01,  LOW",
            "MISCLASSIFICATION,  0.89,  MEDIUM",
            "MISCLASSIFICATION,  0.9,   HIGH",
            "FEATURE_DRIFT,      1.99,  MEDIUM",
            "PREDICTION_DRIFT,   2,     HIGH",
            "CONFIDENCE_SHIFT,   7.5,   HIGH",
            "OUT_OF_DISTRIBUTION, 0.89, LOW",
            "UNSEEN_CATEGORY,    0.9,   MEDIUM",
            "RARE_COMBINATION,   0.95,  MEDIUM",
            "MISSING_FEATURE,    0.2,   LOW",
            "SUSPECTED_LABEL_NOISE, 0.99, LOW",
            "REGRESSION_AFTER_DEPLOYMENT, 1.5, HIGH",
            "REGRESSION_AFTER_DEPLOYMENT, 2,   CRITICAL",
            "SCHEMA_VIOLATION,   99,    LOW",
            "SCHEMA_VIOLATION,   100,   MEDIUM",
            "SCHEMA_VIOLATION,   9999,  MEDIUM",
            "SCHEMA_VIOLATION,   10000, HIGH",
    })
    void baseSeverityFollowsTheModesRule(FailureMode mode, double score, Severity expected) {
        assertThat(FailureAnnotator.baseSeverity(mode, score)).isEqualTo(expected);
    }

    @Test
    void aMissingScoreTakesTheModesLowestOutcome() {
        assertThat(FailureAnnotator.baseSeverity(FailureMode.MISCLASSIFICATION, null)).isEqualTo(Severity.MEDIUM);
        assertThat(FailureAnnotator.baseSeverity(FailureMode.UNREGISTERED_VERSION, null)).isEqualTo(Severity.HIGH);
        assertThat(FailureAnnotator.baseSeverity(FailureMode.LATENCY_SLO_BREACH, null)).isEqualTo(Severity.LOW);
        assertThat(FailureAnnotator.baseSeverity(FailureMode.FEATURE_DRIFT, null)).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void everyModeHasASeverityRuleAndASignaturePattern() {
        for (FailureMode mode : FailureMode.values()) {
            assertThat(FailureAnnotator.baseSeverity(mode, 1.0)).as("%s", mode).isNotNull();
            FailureRecord r = ANNOTATOR.annotate(row(mode, 1.0, prediction("churn")));
            assertThat(r.signature).as("%s", mode).matches("[0-9a-f]{16}");
            assertThat(r.reproducibility).as("%s", mode).isBetween(0.0, 1.0);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "LOW,      1,     LOW",
            "LOW,      1.99,  LOW",
            "LOW,      2,     MEDIUM",
            "LOW,      3.99,  MEDIUM",
            "LOW,      4,     HIGH",
            "LOW,      8,     CRITICAL",
            "LOW,      1024,  CRITICAL",
            "HIGH,     2,     CRITICAL",
            "CRITICAL, 2,     CRITICAL",
            "HIGH,     0.51,  HIGH",
            "HIGH,     0.5,   MEDIUM",
            "HIGH,     0.25,  LOW",
            "MEDIUM,   0.001, LOW",
    })
    void eachFullDoublingOfTheWeightMovesOneLevel(Severity base, double weight, Severity expected) {
        assertThat(FailureAnnotator.weighted(base, weight)).isEqualTo(expected);
    }

    @Test
    void weightsMustBePositiveAndFinite() {
        assertThatThrownBy(() -> FailureAnnotator.weighted(Severity.LOW, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailureAnnotator.weighted(Severity.LOW, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModelsImpactWeightShiftsTheRowsSeverity() {
        // A 2x latency breach is MEDIUM on its own.
        assertThat(ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("churn"))).severity)
                .isEqualTo("MEDIUM");
        assertThat(ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("payments"))).severity)
                .isEqualTo("CRITICAL");
        assertThat(ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("shadow"))).severity)
                .isEqualTo("LOW");
        assertThat(ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("half"))).severity)
                .isEqualTo("MEDIUM");
    }

    @Test
    void annotatingTwiceChangesNothing() {
        FailureRecord once = ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("payments")));
        FailureRecord twice = ANNOTATOR.annotate(ANNOTATOR.annotate(
                row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("payments"))));
        assertThat(twice).isEqualTo(once);
        assertThat(twice.severity).isEqualTo("CRITICAL");
    }

    @Test
    void remediationColumnsComeFromTheFirstMatchingFailureRule() {
        FailureRecord slow = ANNOTATOR.annotate(row(FailureMode.LATENCY_SLO_BREACH, 2.0, prediction("churn")));
        assertThat(slow.remediationAction).isEqualTo("SCALE_OUT");
        assertThat(slow.remediationTarget).isEqualTo("churn");
        assertThat(slow.hypothesis).startsWith("Serving of churn was slow");
        assertThat(slow.validationPlan).contains("LATENCY_SLO_BREACH rate of churn");
        assertThat(slow.acceptanceCriterion).isEqualTo("The LATENCY_SLO_BREACH rate of churn stays at its baseline.");

        // No shipped failure rule for LOW_CONFIDENCE: all five stay null, also when a previous pass set them.
        FailureRecord unsure = row(FailureMode.LOW_CONFIDENCE, 0.3, prediction("churn"));
        unsure.remediationAction = "stale";
        unsure.hypothesis = "stale";
        ANNOTATOR.annotate(unsure);
        assertThat(unsure.remediationAction).isNull();
        assertThat(unsure.remediationTarget).isNull();
        assertThat(unsure.hypothesis).isNull();
        assertThat(unsure.validationPlan).isNull();
        assertThat(unsure.acceptanceCriterion).isNull();
    }

    @Test
    void unknownModesAreRejected() {
        FailureRecord r = row(FailureMode.AMBIGUOUS, null, prediction("churn"));
        r.failureMode = "NO_SUCH_MODE";
        assertThatThrownBy(() -> ANNOTATOR.annotate(r)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- reproducibility ----------------------------------------------------------------------------------

    private static Deployment deployment() {
        Deployment d = new Deployment();
        d.model = "churn";
        d.modelVersion = "v3";
        d.deployedAt = T0 - 1;
        return d;
    }

    @Test
    void anUnregisteredPredictionWithAllFeaturesPresentCapturesOnlyTheInput() {
        Prediction p = prediction("churn");
        p.numericFeatureNames = new String[] {"amount"};
        assertThat(FailureAnnotator.reproducibility(row(FailureMode.UNREGISTERED_VERSION, null, p))).isEqualTo(0.15);
    }

    @Test
    void fullLineageAndAllFeaturesPresentIsFullyReproducible() {
        Prediction p = prediction("churn");
        p.numericFeatureNames = new String[] {"amount"};
        p.categoricalFeatureNames = new String[] {"country"};
        p.lineageStatus = LineageStatus.RESOLVED.name();
        Deployment d = deployment();
        d.checkpointUri = "s3://models/churn/v3";
        d.codeVersion = "git:abc";
        d.trainingDataVersion = "2026-09";
        d.preprocessingVersion = "pp-7";
        d.featureFlagKeys = new String[0];
        d.featureFlagValues = new String[0];
        p.deployment = d;
        assertThat(FailureAnnotator.reproducibility(row(FailureMode.LOW_CONFIDENCE, 0.1, p))).isEqualTo(1.0);
    }

    @Test
    void eachMissingPieceCostsItsDocumentedShare() {
        Prediction p = prediction("churn");
        p.numericFeatureNames = new String[] {"amount", "age", "tenure"};
        p.missingFeatures = new String[] {"country"}; // 3 of 4 present: 0.15 * 0.75
        p.lineageStatus = LineageStatus.RESOLVED.name();
        Deployment d = deployment();
        d.codeVersion = "git:abc"; // 0.20 (resolved) + 0.15; no checkpoint, data, preprocessing or flags
        d.checkpointUri = "  ";    // blank is not known
        p.deployment = d;
        assertThat(FailureAnnotator.reproducibility(row(FailureMode.MISCLASSIFICATION, 0.5, p)))
                .isEqualTo((35 * 4 + 15 * 3) / 400.0);
    }

    @Test
    void windowLevelRowsHaveFixedReproducibility() {
        Prediction standIn = prediction("churn");
        standIn.lineageStatus = DriftFailures.NOT_APPLICABLE;
        assertThat(FailureAnnotator.reproducibility(row(FailureMode.FEATURE_DRIFT, 3.0, standIn))).isEqualTo(0.5);
        assertThat(FailureAnnotator.reproducibility(row(FailureMode.SCHEMA_VIOLATION, 3.0, standIn))).isEqualTo(1.0);
    }

    // ---- signature ----------------------------------------------------------------------------------------

    /** The documented byte layout, hashed here independently of the production code. */
    private static String expectedSignature(String... parts) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            text.append(part.length()).append(':').append(part);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    @Test
    void signatureIsTheDocumentedHash() throws Exception {
        Prediction p = prediction("churn");
        p.latencyMs = 312.0;
        assertThat(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 3.12, p)))
                .isEqualTo(expectedSignature("churn", "v3", "LATENCY_SLO_BREACH", "latency_ms:[256,512)"));
        FailureRecord mis = row(FailureMode.MISCLASSIFICATION, 0.9, p);
        mis.label = "legit";
        assertThat(FailureAnnotator.signature(mis))
                .isEqualTo(expectedSignature("churn", "v3", "MISCLASSIFICATION", "fraud", "legit"));
        FailureRecord drift = row(FailureMode.FEATURE_DRIFT, 2.0, p);
        drift.columnName = "features.amount";
        assertThat(FailureAnnotator.signature(drift))
                .isEqualTo(expectedSignature("churn", "v3", "FEATURE_DRIFT", "features.amount"));
    }

    @Test
    void lengthPrefixesKeepPartsApart() {
        // Without them ("fr" + "audlegit") and ("fraud" + "legit") would hash the same text.
        Prediction a = prediction("churn");
        a.prediction = "fr";
        FailureRecord ra = row(FailureMode.MISCLASSIFICATION, null, a);
        ra.label = "audlegit";
        Prediction b = prediction("churn");
        FailureRecord rb = row(FailureMode.MISCLASSIFICATION, null, b);
        rb.label = "legit";
        assertThat(FailureAnnotator.signature(ra)).isNotEqualTo(FailureAnnotator.signature(rb));
    }

    @Test
    void signatureIgnoresIdsTimesExactValuesAndEvidence() {
        Prediction a = prediction("churn");
        a.latencyMs = 300.0;
        Prediction b = prediction("churn");
        b.eventId = "e-2";
        b.eventTime = T0 + 86_000_000;
        b.latencyMs = 511.9;
        b.confidence = 0.2;
        b.numericFeatureNames = new String[] {"amount"};
        b.numericFeatureValues = new double[] {3};
        FailureRecord rb = row(FailureMode.LATENCY_SLO_BREACH, 5.119, b);
        rb.evidence = "something else";
        assertThat(FailureAnnotator.signature(rb))
                .isEqualTo(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 3.0, a)));

        Prediction c = prediction("churn");
        c.latencyMs = 512.0; // the next bucket
        assertThat(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 5.12, c)))
                .isNotEqualTo(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 3.0, a)));
        Prediction d = prediction("churn");
        d.modelVersion = "v4";
        d.latencyMs = 300.0;
        assertThat(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 3.0, d)))
                .isNotEqualTo(FailureAnnotator.signature(row(FailureMode.LATENCY_SLO_BREACH, 3.0, a)));
    }

    @Test
    void patternsByMode() {
        Prediction p = prediction("churn");
        p.latencyMs = 0.4;
        assertThat(FailureAnnotator.pattern(row(FailureMode.LATENCY_SLO_BREACH, 1.0, p))).containsExactly("latency_ms:[0,1)");
        p.latencyMs = 1.0;
        assertThat(FailureAnnotator.pattern(row(FailureMode.LATENCY_SLO_BREACH, 1.0, p))).containsExactly("latency_ms:[1,2)");
        p.confidence = 0.3; // 0.3 * 10 is 3.0000000000000004 in binary; the decile is decided in decimal
        assertThat(FailureAnnotator.pattern(row(FailureMode.LOW_CONFIDENCE, 0.6, p))).containsExactly("confidence:[0.3,0.4)");
        p.confidence = 0.29999;
        assertThat(FailureAnnotator.pattern(row(FailureMode.LOW_CONFIDENCE, 0.6, p))).containsExactly("confidence:[0.2,0.3)");
        p.confidence = 0.0;
        assertThat(FailureAnnotator.pattern(row(FailureMode.LOW_CONFIDENCE, 0.0, p))).containsExactly("confidence:[0.0,0.1)");

        p.scoreClasses = new String[] {"a", "legit", "fraud"};
        p.scoreValues = new double[] {0.1, 0.44, 0.46};
        List<String> ambiguous = FailureAnnotator.pattern(row(FailureMode.AMBIGUOUS, 0.2, p));
        p.scoreValues = new double[] {0.1, 0.46, 0.44};
        assertThat(FailureAnnotator.pattern(row(FailureMode.AMBIGUOUS, 0.2, p)))
                .as("the same pair whichever is on top").isEqualTo(ambiguous).containsExactly("fraud", "legit");

        FailureRecord ood = row(FailureMode.OUT_OF_DISTRIBUTION, 0.97, p);
        ood.offendingKeys = new String[] {"features.b", "features.a"};
        assertThat(FailureAnnotator.pattern(ood)).containsExactly("features.a", "features.b");
        assertThat(ood.offendingKeys).as("not sorted in place").containsExactly("features.b", "features.a");

        p.missingFeatures = new String[] {"z", "country"};
        assertThat(FailureAnnotator.pattern(row(FailureMode.MISSING_FEATURE, 0.9, p))).containsExactly("country", "z");
        assertThat(FailureAnnotator.pattern(row(FailureMode.UNREGISTERED_VERSION, null, p))).isEmpty();
    }

    @Test
    void signaturesAreTheSameInEveryRunAndOrder() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (FailureMode mode : FailureMode.values()) {
            first.add(FailureAnnotator.signature(row(mode, 1.0, prediction("churn"))));
        }
        for (int i = FailureMode.values().length - 1; i >= 0; i--) {
            second.add(0, FailureAnnotator.signature(row(FailureMode.values()[i], 2.0, prediction("churn"))));
        }
        assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
    }
}
