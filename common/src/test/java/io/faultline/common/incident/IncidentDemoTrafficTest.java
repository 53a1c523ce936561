package io.faultline.common.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.demo.DemoTraffic.InjectedIncident;
import io.faultline.common.remediation.RemediationRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's two days of traffic (seed 42, as {@code faultline demo}), turned into window signals in plain Java
 * ({@link TestingDemoSignals}) and fed to the detector with default settings: every injected model incident
 * appears exactly once, with the right kind, cause and start, detected at the end of its first window, and the
 * remediation its kind calls for; the control model gets none.
 */
class IncidentDemoTrafficTest {
    private static final long HOUR = 3_600_000L;
    private static DemoTraffic traffic;
    /** Per model, the current (last) row of each incident. */
    private static Map<String, List<Incident>> incidents;

    @BeforeAll
    static void run() throws Exception {
        traffic = DemoTraffic.builder().seed(42).build();
        Map<String, List<WindowSignals>> windows =
                TestingDemoSignals.of(traffic, TestingDemoSignals.training(traffic, 43));
        IncidentDetector detector = new IncidentDetector(IncidentSettings.defaults(), RemediationRules.defaults());
        incidents = new LinkedHashMap<>();
        windows.forEach((model, list) -> {
            IncidentState state = new IncidentState();
            Map<String, Incident> latest = new LinkedHashMap<>();
            for (Incident row : detector.onWindows(state, list)) latest.put(row.incidentId, row);
            incidents.put(model, new ArrayList<>(latest.values()));
        });
    }

    private static InjectedIncident injected(String kind) {
        return traffic.injectedIncidents().stream().filter(i -> i.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** End of the last window in which one of the incident's signals was anomalous. */
    private static long lastAnomalousEnd(Incident i) {
        long end = Long.MIN_VALUE;
        for (TimelineEntry e : i.timeline) {
            if ("ANOMALOUS".equals(e.status)) end = Math.max(end, e.windowEnd);
        }
        return end;
    }

    private static Incident only(String model, String kind) {
        List<Incident> found = incidents.get(model).stream().filter(i -> i.kind.equals(kind)).toList();
        assertThat(found).as("%s incidents of %s: %s", kind, model, incidents.get(model)).hasSize(1);
        return found.get(0);
    }

    @Test
    void theControlModelHasNoIncident() {
        assertThat(incidents.get("churn-model")).isEmpty();
    }

    @Test
    void eachModelHasExactlyItsInjectedIncidents() {
        assertThat(incidents.get("intent-classifier")).extracting(i -> i.kind)
                .containsExactly("LATENCY_SLO_BREACH", "REGRESSION_AFTER_DEPLOYMENT");
        assertThat(incidents.get("fraud-detector")).extracting(i -> i.kind)
                .containsExactly("FEATURE_DRIFT", "UNREGISTERED_VERSION");
        assertThat(incidents.values()).allSatisfy(list -> assertThat(list).allSatisfy(
                i -> assertThat(i.status).isEqualTo("CLOSED")));
    }

    @Test
    void theLatencySpike() {
        InjectedIncident truth = injected(DemoTraffic.LATENCY_SPIKE);
        Incident i = only("intent-classifier", "LATENCY_SLO_BREACH");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.startedAt).isEqualTo(truth.start().toEpochMilli());
        assertThat(i.detectedAt - truth.start().toEpochMilli()).isEqualTo(HOUR);
        assertThat(lastAnomalousEnd(i)).isEqualTo(truth.end().toEpochMilli());
        assertThat(i.recoveredAt).isEqualTo(truth.end().toEpochMilli());
        assertThat(i.modelVersions).containsExactly(truth.modelVersion());
        assertThat(i.peakValue).isGreaterThan(0.8);
        assertThat(i.remediationAction).isEqualTo("SCALE_OUT");
    }

    @Test
    void theFeatureShift() {
        InjectedIncident truth = injected(DemoTraffic.FEATURE_SHIFT);
        Incident i = only("fraud-detector", "FEATURE_DRIFT");
        assertThat(i.suspectedCause).isEqualTo("DATA");
        assertThat(i.category).isEqualTo("DATA");
        assertThat(i.startedAt).isEqualTo(truth.start().toEpochMilli());
        assertThat(i.detectedAt - truth.start().toEpochMilli()).isEqualTo(HOUR);
        assertThat(lastAnomalousEnd(i)).isEqualTo(truth.end().toEpochMilli());
        assertThat(i.driftedColumns).contains("features.amount", "features.country");
        assertThat(i.remediationAction).isEqualTo("RETRAIN_ON_SEGMENT");
        assertThat(i.remediationTarget).contains("features.amount", "features.country");
        // After the shift the evening traffic is below drift's minimum sample size: no verdict, so the incident
        // neither worsens nor recovers until verdicts come back, and the timeline says why.
        assertThat(i.recoveredAt).isGreaterThanOrEqualTo(truth.end().toEpochMilli());
        assertThat(i.timeline).filteredOn(e -> "NO_DATA".equals(e.status))
                .allSatisfy(e -> assertThat(e.detail).contains("INSUFFICIENT_DATA"));
    }

    @Test
    void theBadDeployment() {
        InjectedIncident truth = injected(DemoTraffic.BAD_DEPLOYMENT);
        Incident i = only("intent-classifier", "REGRESSION_AFTER_DEPLOYMENT");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.startedAt).isEqualTo(truth.start().toEpochMilli());
        assertThat(i.detectedAt - truth.start().toEpochMilli()).isEqualTo(HOUR);
        assertThat(i.relatedDeploymentId).isEqualTo("dep-intent-classifier-20261002-0600");
        assertThat(i.newVersion).isEqualTo(truth.modelVersion()).isEqualTo("1.9.0");
        assertThat(i.previousVersion).isEqualTo("1.8.2");
        assertThat(i.newVersionErrorRate).isGreaterThan(0.25);
        assertThat(i.previousVersionErrorRate).isLessThan(0.1);
        assertThat(i.remediationAction).isEqualTo("ROLLBACK");
        assertThat(i.remediationTarget).isEqualTo("1.8.2");
        assertThat(i.validationPlan).contains("back to 1.8.2");
        assertThat(lastAnomalousEnd(i)).isEqualTo(truth.end().toEpochMilli());
        assertThat(i.recoveredAt).isEqualTo(truth.end().toEpochMilli());
    }

    @Test
    void theUnregisteredVersion() {
        InjectedIncident truth = injected(DemoTraffic.UNREGISTERED_VERSION);
        Incident i = only("fraud-detector", "UNREGISTERED_VERSION");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.startedAt).isEqualTo(truth.start().toEpochMilli());
        assertThat(i.detectedAt - truth.start().toEpochMilli()).isEqualTo(HOUR);
        assertThat(lastAnomalousEnd(i)).isEqualTo(truth.end().toEpochMilli());
        assertThat(i.modelVersions).contains(truth.modelVersion());
        assertThat(i.remediationAction).isEqualTo("REGISTER_DEPLOYMENT");
        assertThat(i.affectedVersions).containsExactly(truth.modelVersion());
        assertThat(i.remediationTarget).isEqualTo(truth.modelVersion());
    }
}
