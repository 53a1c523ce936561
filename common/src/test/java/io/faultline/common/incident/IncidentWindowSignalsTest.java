package io.faultline.common.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.WindowStatsRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link WindowSignals}: building from pipeline rows, exact order-independent merge, byte form. */
class IncidentWindowSignalsTest {
    private static final long START = 1_790_812_800_000L; // 2026-10-01T00:00:00Z
    private static final long END = START + 3_600_000L;

    @Test
    void countsPredictionsFailuresLabelsAndVerdictsPerVersion() {
        WindowSignals s = new WindowSignals("m", START, END)
                .addPredictions("v1", 600)
                .addPredictions("v2", 200)
                .addFailures("v1", "LATENCY_SLO_BREACH", 12)
                .addFailures("v2", "LOW_CONFIDENCE", 7)
                .addLabels("v1", 240, 12)
                .addLabels("v2", 80, 28);
        assertThat(s.addFailure(failure("m", "v2", "LOW_CONFIDENCE"))).isTrue();
        assertThat(s.addWindowStats(stats("v1", "features.amount", "DRIFT", 3.5))).isTrue();
        assertThat(s.addWindowStats(stats("v1", "confidence", "NONE", 0.2))).isTrue();
        s.addDeployment(deployment("m", "v2", START + 60_000, "dep-2"));

        assertThat(s.versions()).containsExactly("v1", "v2");
        assertThat(s.predictions()).isEqualTo(800);
        assertThat(s.latencyBreaches("v1")).isEqualTo(12);
        assertThat(s.failures("LOW_CONFIDENCE")).isEqualTo(8);
        assertThat(s.failureModes()).containsExactly("LATENCY_SLO_BREACH", "LOW_CONFIDENCE");
        assertThat(s.errorRate("v2")).isEqualTo(28.0 / 80);
        assertThat(s.errorRate("v3")).isNull();
        assertThat(s.driftedColumns("v1")).containsOnlyKeys("features.amount").containsEntry("features.amount", 3.5);
        assertThat(s.drift("v1")).containsOnlyKeys("confidence", "features.amount");
        assertThat(s.deployments()).containsExactly(new WindowSignals.DeploymentSeen("dep-2", "v2", START + 60_000));
    }

    @Test
    void windowLevelCatalogRowsAreNotCountedAsFailures() {
        WindowSignals s = new WindowSignals("m", START, END);
        FailureRecord drift = failure("m", "v1", "FEATURE_DRIFT");
        drift.columnName = "features.amount";
        drift.windowStart = START;
        drift.windowEnd = END;
        assertThat(s.addFailure(drift)).isFalse();
        assertThat(s.failures("FEATURE_DRIFT")).isZero();
    }

    @Test
    void rejectsRowsOfAnotherModelOrWindowAndImpossibleCounts() {
        WindowSignals s = new WindowSignals("m", START, END);
        assertThatThrownBy(() -> s.addFailure(failure("other", "v1", "LOW_CONFIDENCE")))
                .hasMessageContaining("is of model other, not m");
        WindowStatsRow late = stats("v1", "confidence", "NONE", 0.1);
        late.windowStart = END;
        late.windowEnd = END + 3_600_000L;
        assertThatThrownBy(() -> s.addWindowStats(late)).hasMessageContaining("added to window");
        assertThatThrownBy(() -> s.addLabels("v1", 3, 4)).hasMessage("misclassified 4 > labelled 3");
        assertThatThrownBy(() -> s.addPredictions("v1", -1)).hasMessage("predictions must not be negative: -1");
        assertThatThrownBy(() -> new WindowSignals("m", END, START)).hasMessageContaining("must be after its start");
        assertThatThrownBy(() -> s.merge(new WindowSignals("m", END, END + 1)))
                .hasMessageContaining("cannot merge");
    }

    @Test
    void mergeIsExactAndIndependentOfOrderAndGrouping() {
        Random random = new Random(20261001L);
        List<WindowSignals> partials = new ArrayList<>();
        WindowSignals whole = new WindowSignals("m", START, END);
        String[] versions = {"v1", "v2", "v3"};
        String[] modes = {"LATENCY_SLO_BREACH", "LOW_CONFIDENCE", "AMBIGUOUS"};
        String[] columns = {"features.amount", "features.country", "prediction", "confidence"};
        String[] statuses = {"NONE", "WARN", "DRIFT", "INSUFFICIENT_DATA", "NO_REFERENCE"};
        for (int p = 0; p < 12; p++) {
            WindowSignals partial = new WindowSignals("m", START, END);
            for (String v : versions) {
                long n = random.nextInt(1_000);
                long labelled = random.nextInt((int) n + 1);
                long wrong = random.nextInt((int) labelled + 1);
                partial.addPredictions(v, n).addLabels(v, labelled, wrong);
                whole.addPredictions(v, n).addLabels(v, labelled, wrong);
                for (String mode : modes) {
                    long k = random.nextInt(20);
                    partial.addFailures(v, mode, k);
                    whole.addFailures(v, mode, k);
                }
                String column = columns[random.nextInt(columns.length)];
                String status = statuses[random.nextInt(statuses.length)];
                Double score = status.equals("NO_REFERENCE") ? null : random.nextInt(400) / 100.0;
                partial.addDrift(v, column, status, score);
                whole.addDrift(v, column, status, score);
            }
            Deployment d = deployment("m", versions[random.nextInt(3)], START + random.nextInt(4) * 1000L, "d" + p % 4);
            partial.addDeployment(d);
            whole.addDeployment(d);
            partials.add(partial);
        }

        WindowSignals inOrder = mergeAll(partials);
        List<WindowSignals> shuffled = new ArrayList<>(partials);
        Collections.shuffle(shuffled, new Random(7));
        WindowSignals reordered = mergeAll(shuffled);
        // Grouped differently: (p0..p5) and (p6..p11) first, then the two halves, the second into the first.
        WindowSignals left = mergeAll(partials.subList(0, 6));
        WindowSignals right = mergeAll(partials.subList(6, 12));
        WindowSignals grouped = right.merge(left);

        assertThat(reordered.toBytes()).isEqualTo(inOrder.toBytes());
        assertThat(grouped).isEqualTo(inOrder);
        assertThat(inOrder).isEqualTo(whole);
        long expected = 0;
        for (WindowSignals p : partials) expected += p.predictions("v2");
        assertThat(inOrder.predictions("v2")).isEqualTo(expected);
    }

    @Test
    void aVerdictReportedTwiceKeepsTheGreater() {
        WindowSignals a = new WindowSignals("m", START, END).addDrift("v1", "features.x", "WARN", 0.8);
        WindowSignals b = new WindowSignals("m", START, END).addDrift("v1", "features.x", "DRIFT", 1.4);
        WindowSignals c = new WindowSignals("m", START, END).addDrift("v1", "features.x", "DRIFT", 1.2);
        WindowSignals abc = copy(a).merge(b).merge(c);
        WindowSignals cba = copy(c).merge(b).merge(a);
        assertThat(abc.drift("v1")).containsEntry("features.x", new WindowSignals.ColumnDrift("DRIFT", 1.4));
        assertThat(cba).isEqualTo(abc);
    }

    @Test
    void bytesRoundTripExactly() {
        WindowSignals s = new WindowSignals("fraud-detector", START, END)
                .addPredictions("3.2.0", 1234)
                .addFailures("3.2.0", "UNREGISTERED_VERSION", 3)
                .addLabels("3.2.0", 500, 21)
                .addDrift("3.2.0", "features.amount", "DRIFT", 0.1 + 0.2)
                .addDrift("3.2.0", "latency_ms", "NO_REFERENCE", null)
                .addDeployment(null, "3.2.0", START - 5);
        WindowSignals back = WindowSignals.fromBytes(s.toBytes());
        assertThat(back).isEqualTo(s);
        assertThat(back.drift("3.2.0").get("features.amount").score()).isEqualTo(0.1 + 0.2);
        assertThat(back.deployments()).containsExactly(new WindowSignals.DeploymentSeen(null, "3.2.0", START - 5));
        assertThatThrownBy(() -> WindowSignals.fromBytes("{\"format\":2}".getBytes()))
                .hasMessageContaining("format 2 is not supported");
        assertThatThrownBy(() -> WindowSignals.fromBytes("[1]".getBytes())).hasMessageContaining("malformed");
    }

    private static WindowSignals mergeAll(List<WindowSignals> partials) {
        WindowSignals merged = new WindowSignals("m", START, END);
        for (WindowSignals p : partials) merged.merge(p);
        return merged;
    }

    private static WindowSignals copy(WindowSignals s) {
        return WindowSignals.fromBytes(s.toBytes());
    }

    static FailureRecord failure(String model, String version, String mode) {
        Prediction p = new Prediction();
        p.eventId = "e-" + mode;
        p.eventTime = START + 10;
        p.model = model;
        p.modelVersion = version;
        FailureRecord f = new FailureRecord();
        f.failureId = "f-" + mode;
        f.failureMode = mode;
        f.event = p;
        return f;
    }

    private static WindowStatsRow stats(String version, String column, String status, Double score) {
        WindowStatsRow row = new WindowStatsRow();
        row.model = "m";
        row.modelVersion = version;
        row.windowStart = START;
        row.windowEnd = END;
        row.columnName = column;
        row.driftStatus = status;
        row.driftScore = score;
        return row;
    }

    static Deployment deployment(String model, String version, long at, String id) {
        Deployment d = new Deployment();
        d.model = model;
        d.modelVersion = version;
        d.deployedAt = at;
        d.deploymentId = id;
        return d;
    }
}
