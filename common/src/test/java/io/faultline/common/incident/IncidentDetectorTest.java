package io.faultline.common.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The incident state machine, its baselines and warm-up, on hand-built windows of one model. */
class IncidentDetectorTest {
    static final long T0 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    /** 1000 predictions, 2% LOW_CONFIDENCE: a healthy hour. */
    static WindowSignals healthy(int hour) {
        return window(hour).addPredictions("v1", 1000).addFailures("v1", "LOW_CONFIDENCE", 20);
    }

    /** 1000 predictions, 20% LOW_CONFIDENCE. */
    static WindowSignals sick(int hour) {
        return window(hour).addPredictions("v1", 1000).addFailures("v1", "LOW_CONFIDENCE", 200);
    }

    static WindowSignals window(int hour) {
        return new WindowSignals("m", T0 + hour * HOUR, T0 + (hour + 1) * HOUR);
    }

    static long at(int hour) {
        return T0 + hour * HOUR;
    }

    private static IncidentSettings settings(Map<String, ?> values) {
        return IncidentSettings.fromMap(values);
    }

    /** Feeds hours [from, to) built by {@code hour}, returning the rows. */
    private static List<Incident> feed(IncidentDetector d, IncidentState s, int from, int to, IntFunction<WindowSignals> hour) {
        List<Incident> rows = new ArrayList<>();
        for (int h = from; h < to; h++) rows.addAll(d.onWindow(s, hour.apply(h)));
        return rows;
    }

    @Test
    void opensAfterNConsecutiveAnomalousWindowsAndNotBefore() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("open-after-windows", 3, "warmup-windows", 4)));
        IncidentState s = new IncidentState();
        assertThat(feed(d, s, 0, 10, IncidentDetectorTest::healthy)).isEmpty();

        assertThat(d.onWindow(s, sick(10))).isEmpty();
        assertThat(d.onWindow(s, sick(11))).isEmpty();
        List<Incident> rows = d.onWindow(s, sick(12));

        assertThat(rows).hasSize(1);
        Incident opened = rows.get(0);
        assertThat(opened.change).isEqualTo("OPENED");
        assertThat(opened.status).isEqualTo("OPEN");
        assertThat(opened.revision).isZero();
        assertThat(opened.kind).isEqualTo("LOW_CONFIDENCE");
        assertThat(opened.signal).isEqualTo("FAILURE_RATE");
        assertThat(opened.category).isEqualTo("MODEL");
        assertThat(opened.suspectedCause).isEqualTo("MODEL");
        assertThat(opened.startedAt).isEqualTo(at(10));
        assertThat(opened.detectedAt).isEqualTo(at(13));
        assertThat(opened.timeToDetectMs).isEqualTo(3 * HOUR);
        assertThat(opened.baselineValue).isEqualTo(0.02);
        assertThat(opened.thresholdValue).isCloseTo(0.07, within(1e-12));
        assertThat(opened.peakValue).isEqualTo(0.2);
        assertThat(opened.affectedEvents).isEqualTo(600);
        assertThat(opened.anomalousWindows).isEqualTo(3);
        assertThat(opened.modelVersions).containsExactly("v1");
        assertThat(opened.incidentId).isEqualTo(IncidentDetector.incidentId("m", "LOW_CONFIDENCE", "", at(10)));
        assertThat(opened.incidentId).isEqualTo(s.openIncidentId());
        assertThat(opened.timeline).extracting(e -> e.type + "@" + Instant.ofEpochMilli(e.at)).containsExactly(
                "WINDOW@2026-10-01T10:00:00Z", "WINDOW@2026-10-01T11:00:00Z", "WINDOW@2026-10-01T12:00:00Z",
                "OPENED@2026-10-01T13:00:00Z");
        assertThat(opened.timeline[0].status).isEqualTo("ANOMALOUS");
        assertThat(opened.timeline[0].events).isEqualTo(200);
        assertThat(opened.timeline[0].trials).isEqualTo(1000);
    }

    @Test
    void anInterruptedRunDoesNotOpen() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("open-after-windows", 3)));
        IncidentState s = new IncidentState();
        List<Incident> rows = feed(d, s, 0, 10, IncidentDetectorTest::healthy);
        rows.addAll(feed(d, s, 10, 12, IncidentDetectorTest::sick));
        rows.addAll(feed(d, s, 12, 13, IncidentDetectorTest::healthy));
        rows.addAll(feed(d, s, 13, 15, IncidentDetectorTest::sick));
        assertThat(rows).isEmpty();
        assertThat(d.onWindow(s, sick(15))).extracting(i -> i.startedAt).containsExactly(at(13));
    }

    @Test
    void staysOpenClosesAfterMRecoveredWindowsAndReopensAsANewIncident() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("open-after-windows", 2, "close-after-windows", 3)));
        IncidentState s = new IncidentState();
        feed(d, s, 0, 10, IncidentDetectorTest::healthy);
        List<Incident> rows = feed(d, s, 10, 14, h -> h == 12
                ? window(h).addPredictions("v1", 1000).addFailures("v1", "LOW_CONFIDENCE", 350) : sick(h));
        assertThat(rows).extracting(i -> i.change).containsExactly("OPENED", "UPDATED", "UPDATED");
        assertThat(rows).extracting(i -> i.revision).containsExactly(0, 1, 2);
        assertThat(rows).extracting(i -> i.incidentId).containsOnly(rows.get(0).incidentId);
        assertThat(rows.get(2).peakValue).isEqualTo(0.35);
        assertThat(rows.get(2).affectedEvents).isEqualTo(200 + 200 + 350 + 200);

        // Two recovered windows, a relapse (the run restarts), then three recovered windows close it.
        rows = feed(d, s, 14, 16, IncidentDetectorTest::healthy);
        assertThat(rows).extracting(i -> i.status).containsOnly("OPEN");
        assertThat(rows.get(1).recoveredAt).isEqualTo(at(14));
        rows = d.onWindow(s, sick(16));
        assertThat(rows.get(0).recoveredAt).isNull();
        rows = feed(d, s, 17, 20, IncidentDetectorTest::healthy);
        assertThat(rows).extracting(i -> i.change).containsExactly("UPDATED", "UPDATED", "CLOSED");
        Incident closed = rows.get(2);
        assertThat(closed.status).isEqualTo("CLOSED");
        assertThat(closed.recoveredAt).isEqualTo(at(17));
        assertThat(closed.closedAt).isEqualTo(at(20));
        assertThat(closed.startedAt).isEqualTo(at(10));
        assertThat(closed.anomalousWindows).isEqualTo(5);
        assertThat(closed.timeline[closed.timeline.length - 1].type).isEqualTo("CLOSED");
        assertThat(s.openIncidentId()).isNull();

        assertThat(feed(d, s, 20, 23, IncidentDetectorTest::healthy)).isEmpty();
        assertThat(d.onWindow(s, sick(23))).isEmpty();
        List<Incident> again = d.onWindow(s, sick(24));
        assertThat(again).hasSize(1);
        assertThat(again.get(0).change).isEqualTo("OPENED");
        assertThat(again.get(0).startedAt).isEqualTo(at(23));
        assertThat(again.get(0).incidentId).isNotEqualTo(closed.incidentId);
        // The baseline did not learn from the incident's windows: still the healthy 2%.
        assertThat(again.get(0).baselineValue).isEqualTo(0.02);
    }

    @Test
    void nothingOpensDuringTheWarmUpAndABaselineNeedsItsWarmUpWindows() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("warmup-windows", 5)));
        IncidentState s = new IncidentState();
        // Sick from hour 2, inside the model's warm-up: nothing opens, and the warm-up windows learn.
        List<Incident> rows = feed(d, s, 0, 2, IncidentDetectorTest::healthy);
        rows.addAll(feed(d, s, 2, 5, IncidentDetectorTest::sick));
        assertThat(rows).isEmpty();
        // After the warm-up the baseline is (2 * 20 + 3 * 200) / 5000 = 12.8%: 20% is not 2x that, still nothing.
        assertThat(feed(d, s, 5, 8, IncidentDetectorTest::sick)).isEmpty();

        // A failure mode first seen after the warm-up starts from the traffic it did not fail on (rate 0).
        List<Incident> fresh = d.onWindow(s, sick(8).addFailures("v1", "UNREGISTERED_VERSION", 250));
        assertThat(fresh).singleElement().satisfies(i -> {
            assertThat(i.kind).isEqualTo("UNREGISTERED_VERSION");
            assertThat(i.baselineValue).isEqualTo(0.0);
            assertThat(i.category).isEqualTo("DEPLOYMENT");
            assertThat(i.suspectedCause).isEqualTo("DEPLOYMENT");
        });
    }

    @Test
    void aSignalWithoutEnoughBaselineWindowsWaits() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("warmup-windows", 3)));
        IncidentState s = new IncidentState();
        // Only 50 predictions per hour: below failure-rate.min-count (100), no window learns.
        feed(d, s, 0, 6, h -> window(h).addPredictions("v1", 50).addFailures("v1", "AMBIGUOUS", 1));
        assertThat(feed(d, s, 6, 8, h -> window(h).addPredictions("v1", 500).addFailures("v1", "AMBIGUOUS", 10)))
                .isEmpty();
        // Two learning windows so far, three needed: a spike now is still WARMING_UP, and (unjudged) it learns.
        assertThat(d.onWindow(s, window(8).addPredictions("v1", 500).addFailures("v1", "AMBIGUOUS", 200))).isEmpty();
        d.onWindow(s, window(9).addPredictions("v1", 500).addFailures("v1", "AMBIGUOUS", 10));
        assertThat(d.onWindow(s, window(10).addPredictions("v1", 500).addFailures("v1", "AMBIGUOUS", 250)))
                .singleElement().satisfies(i -> {
                    assertThat(i.baselineValue).isEqualTo(230.0 / 2000);
                    assertThat(i.thresholdValue).isEqualTo(2 * 230.0 / 2000);
                });
    }

    @Test
    void theBaselinePoolsTheLastKLearningWindows() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("warmup-windows", 2, "baseline-windows", 3)));
        IncidentState s = new IncidentState();
        int[] failures = {90, 10, 20, 30, 40};
        feed(d, s, 0, 5, h -> window(h).addPredictions("v1", 1000).addFailures("v1", "AMBIGUOUS", failures[h]));
        // The last three windows: (20 + 30 + 40) / 3000.
        Incident opened = d.onWindow(s, window(5).addPredictions("v1", 1000).addFailures("v1", "AMBIGUOUS", 300)).get(0);
        assertThat(opened.baselineValue).isEqualTo(90.0 / 3000);
    }

    @Test
    void gapsResetARunningAnomalyButNeitherWorsenNorHealAnOpenIncident() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("open-after-windows", 2)));
        IncidentState s = new IncidentState();
        feed(d, s, 0, 10, IncidentDetectorTest::healthy);
        assertThat(d.onWindow(s, sick(10))).isEmpty();
        assertThat(d.onWindow(s, sick(12))).as("hour 11 missing: not consecutive").isEmpty();
        assertThat(d.onWindow(s, sick(13))).singleElement().satisfies(i -> assertThat(i.startedAt).isEqualTo(at(12)));

        List<Incident> rows = d.onWindow(s, sick(16));
        assertThat(rows).singleElement().satisfies(i -> {
            assertThat(i.change).isEqualTo("UPDATED");
            assertThat(i.timeline).anySatisfy(e -> {
                assertThat(e.type).isEqualTo("GAP");
                assertThat(e.at).isEqualTo(at(14));
                assertThat(e.windowEnd).isEqualTo(at(16));
            });
        });
        // A window of too few predictions is NO_DATA: it does not count as recovered.
        rows = feed(d, s, 17, 20, h -> window(h).addPredictions("v1", 20));
        assertThat(rows).extracting(i -> i.status).containsOnly("OPEN");
        assertThat(rows.get(2).recoveredAt).isNull();
        assertThat(feed(d, s, 20, 22, IncidentDetectorTest::healthy)).extracting(i -> i.change)
                .containsExactly("UPDATED", "CLOSED");
    }

    @Test
    void lateWindowsAreIgnoredAndCountedAndOtherModelsRejected() {
        IncidentDetector d = new IncidentDetector(IncidentSettings.defaults());
        IncidentState s = new IncidentState();
        feed(d, s, 0, 3, IncidentDetectorTest::healthy);
        assertThat(d.onWindow(s, sick(1))).isEmpty();
        assertThat(s.lateWindowsIgnored()).isEqualTo(1);
        assertThat(s.windowsSeen()).isEqualTo(3);
        assertThatThrownBy(() -> d.onWindow(s, new WindowSignals("other", at(3), at(4))))
                .hasMessage("window of model other fed to the state of m");
    }

    @Test
    void perVersionErrorRateAgainstItsOwnBaseline() {
        IncidentDetector d = new IncidentDetector(IncidentSettings.defaults());
        IncidentState s = new IncidentState();
        feed(d, s, 0, 8, h -> window(h).addPredictions("v1", 1000).addLabels("v1", 400, 20));
        List<Incident> rows = d.onWindow(s, window(8).addPredictions("v1", 1000).addLabels("v1", 400, 80));
        assertThat(rows).singleElement().satisfies(i -> {
            assertThat(i.kind).isEqualTo("MISCLASSIFICATION");
            assertThat(i.signal).isEqualTo("ERROR_RATE");
            assertThat(i.signalKey).isEqualTo("v1");
            assertThat(i.baselineValue).isEqualTo(0.05);
            assertThat(i.peakValue).isEqualTo(0.2);
            assertThat(i.affectedEvents).isEqualTo(80);
            assertThat(i.incidentId).isEqualTo(IncidentDetector.incidentId("m", "MISCLASSIFICATION", "v1", at(8)));
        });
    }

    @Test
    void theTimelineIsBoundedKeepingTheStartAndTheLatestWindows() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("timeline-limit", 10)));
        IncidentState s = new IncidentState();
        feed(d, s, 0, 8, IncidentDetectorTest::healthy);
        List<Incident> rows = feed(d, s, 8, 8 + 24 * 30, IncidentDetectorTest::sick);
        Incident last = rows.get(rows.size() - 1);
        assertThat(last.timeline).hasSize(10);
        assertThat(last.timelineOmitted).isEqualTo(24 * 30 + 1 - 10);
        assertThat(last.timeline[0].at).isEqualTo(at(8));
        assertThat(last.timeline[1].type).isEqualTo("OPENED");
        assertThat(last.timeline[9].at).isEqualTo(at(8 + 24 * 30 - 1));
        assertThat(Arrays.asList(last.timeline)).isSortedAccordingTo(TimelineEntry.ORDER);
        // A month-long incident keeps the state small.
        assertThat(s.toBytes().length).isLessThan(20_000);
    }

    @Test
    void stateRoundTripsThroughItsBytesAndContinuesIdentically() {
        IncidentDetector d = new IncidentDetector(settings(Map.of("open-after-windows", 2)));
        IntFunction<WindowSignals> hour = h -> (h >= 12 && h < 16 ? sick(h) : healthy(h))
                .addLabels("v1", 300, h >= 13 && h < 15 ? 60 : 15)
                .addDrift("v1", "features.x", h == 13 ? "DRIFT" : "NONE", h == 13 ? 1.5 : 0.2);
        IncidentState straight = new IncidentState();
        List<Incident> expected = feed(d, straight, 0, 24, hour);

        IncidentState restored = new IncidentState();
        List<Incident> actual = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            restored = IncidentState.fromBytes(restored.toBytes());
            actual.addAll(d.onWindow(restored, hour.apply(h)));
        }
        assertThat(expected).extracting(i -> i.change).containsExactly("OPENED", "UPDATED", "UPDATED", "UPDATED",
                "CLOSED");
        // The labelled error rate joined at hour 14 and, ranking above a model failure rate, now leads: the kind is
        // refined while the id (from the opening kind) stays.
        assertThat(expected).extracting(i -> i.kind).containsExactly("LOW_CONFIDENCE", "MISCLASSIFICATION",
                "MISCLASSIFICATION", "MISCLASSIFICATION", "MISCLASSIFICATION");
        assertThat(expected).extracting(i -> i.incidentId).containsOnly(
                IncidentDetector.incidentId("m", "LOW_CONFIDENCE", "", at(12)));
        assertThat(expected.get(4).signals).containsExactly("ERROR_RATE:v1", "FAILURE_RATE:LOW_CONFIDENCE");
        assertThat(actual).isEqualTo(expected);
        assertThat(restored.toBytes()).isEqualTo(straight.toBytes());
        assertThatThrownBy(() -> IncidentState.fromBytes("{\"format\":9}".getBytes()))
                .hasMessageContaining("format 9 is not supported");
        assertThatThrownBy(() -> IncidentState.fromBytes("{\"format\":1,\"bogus\":1}".getBytes()))
                .hasMessageContaining("malformed incident state");
    }
}
