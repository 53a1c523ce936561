package io.faultline.common.incident;

import static io.faultline.common.incident.IncidentDetectorTest.HOUR;
import static io.faultline.common.incident.IncidentDetectorTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.incident.TestingTraffic.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Two days of hourly windows with ordinary noise and the demo's injected incidents (same hours, same shapes):
 * each injection gives exactly one incident with the right kind, cause, start and detection, and a stationary
 * model gives none. Default settings throughout.
 */
class IncidentScenarioTest {
    private static final int HOURS = 48;
    private static final Map<String, Double> HEALTHY_RATES = Map.of(
            "LATENCY_SLO_BREACH", 0.003, "LOW_CONFIDENCE", 0.002, "AMBIGUOUS", 0.027);
    private static final Map<String, Double> NO_DRIFT = Map.of();

    private final IncidentDetector detector = new IncidentDetector(IncidentSettings.defaults());

    private static Version healthy(String version) {
        return new Version(version, 1.0, 0.05, HEALTHY_RATES);
    }

    private static Map<String, Double> with(Map<String, Double> base, String mode, double rate) {
        Map<String, Double> m = new LinkedHashMap<>(base);
        m.put(mode, rate);
        return m;
    }

    private List<Incident> run(IntFunction<WindowSignals> hour) {
        IncidentState state = new IncidentState();
        List<Incident> rows = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) rows.addAll(detector.onWindow(state, hour.apply(h)));
        return rows;
    }

    /** The last row of every incident, in order of opening. */
    private static List<Incident> current(List<Incident> rows) {
        Map<String, Incident> latest = new LinkedHashMap<>();
        for (Incident row : rows) latest.put(row.incidentId, row);
        return new ArrayList<>(latest.values());
    }

    @Test
    void aStationaryModelWithOrdinaryNoiseOpensNothing() {
        for (long seed = 1; seed <= 20; seed++) {
            TestingTraffic traffic = new TestingTraffic(seed);
            List<Incident> rows = run(h -> traffic.hour("churn-model", h, List.of(healthy("4.1.0")), NO_DRIFT));
            assertThat(rows).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aStationaryModelWithTwoVersionsSideBySideOpensNothing() {
        for (long seed = 1; seed <= 10; seed++) {
            TestingTraffic traffic = new TestingTraffic(seed);
            List<Incident> rows = run(h -> {
                WindowSignals w = traffic.hour("m", h, h < 20 ? List.of(healthy("v1"))
                        : List.of(new Version("v1", 0.7, 0.05, HEALTHY_RATES), new Version("v2", 0.3, 0.05, HEALTHY_RATES)),
                        NO_DRIFT);
                if (h == 20) w.addDeployment("dep-v2", "v2", at(20) + 60_000);
                return w;
            });
            assertThat(rows).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aLatencySpikeIsOneDeploymentCategoryIncidentDetectedInItsFirstWindow() {
        TestingTraffic traffic = new TestingTraffic(11);
        List<Incident> rows = run(h -> {
            boolean spike = h >= 9 && h < 11;
            Version v = new Version("1.8.2", 1.0, 0.05,
                    spike ? with(HEALTHY_RATES, "LATENCY_SLO_BREACH", 0.93) : HEALTHY_RATES);
            return traffic.hour("intent-classifier", h, List.of(v), spike ? Map.of("latency_ms", 6.0) : NO_DRIFT);
        });
        List<Incident> incidents = current(rows);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.kind).isEqualTo("LATENCY_SLO_BREACH");
        assertThat(i.category).isEqualTo("DEPLOYMENT");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.startedAt).isEqualTo(at(9));
        assertThat(i.detectedAt).isEqualTo(at(10));
        assertThat(i.timeToDetectMs).isEqualTo(HOUR);
        assertThat(i.peakValue).isGreaterThan(0.9);
        assertThat(i.baselineValue).isLessThan(0.01);
        assertThat(i.status).isEqualTo("CLOSED");
        assertThat(i.recoveredAt).isEqualTo(at(11));
        assertThat(i.closedAt).isEqualTo(at(13));
        assertThat(i.driftedColumns).as("latency_ms drift is the latency signal's business").isEmpty();
        assertThat(i.relatedDeploymentId).isNull();
        assertThat(rows).extracting(r -> r.change).containsExactly("OPENED", "UPDATED", "UPDATED", "CLOSED");
    }

    @Test
    void aFeatureShiftIsOneDataIncidentNamingTheDriftedColumns() {
        TestingTraffic traffic = new TestingTraffic(12);
        List<Incident> rows = run(h -> {
            boolean shift = h >= 14 && h < 20;
            Map<String, Double> drifted = !shift ? NO_DRIFT : h == 14
                    ? Map.of("features.amount", 4.2, "features.country", 2.5)
                    : Map.of("features.amount", 4.6, "features.country", 2.8, "prediction", 1.3);
            Version v = new Version("3.2.0", 1.0, shift ? 0.08 : 0.05,
                    shift ? with(HEALTHY_RATES, "LOW_CONFIDENCE", 0.03) : HEALTHY_RATES);
            return traffic.hour("fraud-detector", h, List.of(v), drifted);
        });
        List<Incident> incidents = current(rows);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.kind).isEqualTo("FEATURE_DRIFT");
        assertThat(i.category).isEqualTo("DATA");
        assertThat(i.suspectedCause).isEqualTo("DATA");
        assertThat(i.startedAt).isEqualTo(at(14));
        assertThat(i.detectedAt).isEqualTo(at(15));
        assertThat(i.driftedColumns).containsExactly("features.amount", "features.country", "prediction");
        assertThat(i.driftedColumnScores).containsExactly(4.6, 2.8, 1.3);
        assertThat(i.peakValue).isEqualTo(4.6);
        assertThat(i.signals).startsWith("DRIFT:FEATURE_DRIFT").contains("DRIFT:PREDICTION_DRIFT");
        assertThat(i.closedAt).isEqualTo(at(22));
        assertThat(i.anomalousWindows).isEqualTo(6);
    }

    @Test
    void aBadDeploymentIsOneRegressionNamingTheDeploymentAndThePreviousVersion() {
        TestingTraffic traffic = new TestingTraffic(13);
        Map<String, Double> degraded = with(with(HEALTHY_RATES, "LOW_CONFIDENCE", 0.085), "AMBIGUOUS", 0.065);
        List<Incident> rows = run(h -> {
            boolean bad = h >= 30 && h < 36;
            Version v = bad ? new Version("1.9.0", 1.0, 0.35, degraded) : healthy("1.8.2");
            WindowSignals w = traffic.hour("intent-classifier", h, List.of(v), NO_DRIFT);
            if (h == 0) w.addDeployment("dep-intent-classifier-20260929-0638", "1.8.2", at(0) - 41 * HOUR - 22 * 60_000);
            if (h == 30) w.addDeployment("dep-intent-classifier-20261002-0600", "1.9.0", at(30));
            if (h == 36) w.addDeployment("dep-intent-classifier-20261002-1200", "1.8.2", at(36));
            return w;
        });
        List<Incident> incidents = current(rows);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.kind).isEqualTo("REGRESSION_AFTER_DEPLOYMENT");
        assertThat(i.signal).isEqualTo("REGRESSION");
        assertThat(i.signalKey).isEqualTo("1.9.0");
        assertThat(i.category).isEqualTo("DEPLOYMENT");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.startedAt).isEqualTo(at(30));
        assertThat(i.detectedAt).isEqualTo(at(31));
        assertThat(i.relatedDeploymentId).isEqualTo("dep-intent-classifier-20261002-0600");
        assertThat(i.relatedDeploymentVersion).isEqualTo("1.9.0");
        assertThat(i.newVersion).isEqualTo("1.9.0");
        assertThat(i.previousVersion).isEqualTo("1.8.2");
        assertThat(i.modelVersions).containsExactly("1.9.0");
        assertThat(i.signals).startsWith("REGRESSION:1.9.0").contains("FAILURE_RATE:LOW_CONFIDENCE");
        // 1.8.2 did not serve during the incident: its numbers are its trailing windows before it.
        assertThat(i.comparisonBasis).isEqualTo("PREVIOUS_VERSION_TRAILING_WINDOWS");
        assertThat(i.comparisonTo).isEqualTo(at(30));
        assertThat(i.comparisonFrom).isEqualTo(at(30 - IncidentSettings.DEFAULT_BASELINE_WINDOWS));
        assertThat(i.newVersionErrorRate).isCloseTo(0.35, within(0.03));
        assertThat(i.previousVersionErrorRate).isCloseTo(0.05, within(0.015));
        assertThat(i.newVersionLabelled).isGreaterThan(1000);
        assertThat(i.previousVersionLabelled).isGreaterThan(5000);
        // The rollback at hour 36 is in the story, and recovery follows it.
        assertThat(i.timeline).anySatisfy(e -> {
            assertThat(e.type).isEqualTo("DEPLOYMENT");
            assertThat(e.version).isEqualTo("1.8.2");
            assertThat(e.at).isEqualTo(at(36));
        });
        assertThat(i.recoveredAt).isEqualTo(at(36));
        assertThat(i.closedAt).isEqualTo(at(38));
        assertThat(i.anomalousWindows).isEqualTo(6);
    }

    @Test
    void aCanaryRegressionIsComparedOnTheSameWindows() {
        TestingTraffic traffic = new TestingTraffic(14);
        List<Incident> rows = run(h -> {
            List<Version> versions = h < 20 ? List.of(healthy("v1"))
                    : List.of(new Version("v1", 0.6, 0.05, HEALTHY_RATES), new Version("v2", 0.4, 0.30, HEALTHY_RATES));
            WindowSignals w = traffic.hour("m", h, versions, NO_DRIFT);
            if (h == 20) w.addDeployment("dep-v2", "v2", at(20) + 15 * 60_000);
            return w;
        });
        List<Incident> incidents = current(rows);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.kind).isEqualTo("REGRESSION_AFTER_DEPLOYMENT");
        assertThat(i.previousVersion).isEqualTo("v1");
        assertThat(i.startedAt).isEqualTo(at(20));
        assertThat(i.relatedDeploymentId).isEqualTo("dep-v2");
        assertThat(i.comparisonBasis).isEqualTo("SAME_WINDOWS");
        assertThat(i.comparisonFrom).isEqualTo(at(20));
        assertThat(i.modelVersions).containsExactly("v1", "v2");
        assertThat(i.status).isEqualTo("OPEN");
        assertThat(i.comparisonTo).isEqualTo(at(HOURS));
        assertThat(i.anomalousWindows).isEqualTo(HOURS - 20);
        // The same-window numbers are the sums of both versions' labels over the incident's windows.
        assertThat(i.previousVersionErrorRate).isEqualTo((double) i.previousVersionMisclassified / i.previousVersionLabelled);
        assertThat(i.newVersionErrorRate).isCloseTo(0.30, within(0.03));
        assertThat(i.previousVersionErrorRate).isCloseTo(0.05, within(0.015));
    }

    @Test
    void symptomsOfTheDeployedVersionRightAfterADeploymentAreBlamedOnIt() {
        TestingTraffic traffic = new TestingTraffic(15);
        List<Incident> rows = run(h -> {
            // No labels reach the detector here: only the low-confidence rate shows the problem.
            Version v = h < 20 ? new Version("v1", 1.0, 0.0, HEALTHY_RATES)
                    : new Version("v2", 1.0, 0.0, with(HEALTHY_RATES, "LOW_CONFIDENCE", 0.15));
            WindowSignals w = traffic.hour("m", h, List.of(v), NO_DRIFT);
            if (h == 20) w.addDeployment("dep-v2", "v2", at(20) - 30 * 60_000);
            return w;
        });
        List<Incident> incidents = current(rows);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.kind).isEqualTo("LOW_CONFIDENCE");
        assertThat(i.category).isEqualTo("MODEL");
        assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        assertThat(i.relatedDeploymentId).isEqualTo("dep-v2");
        assertThat(i.newVersion).isEqualTo("v2");
        assertThat(i.previousVersion).isEqualTo("v1");
    }
}
