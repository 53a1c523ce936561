package io.faultline.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.testing.DuckDb;
import io.faultline.jobs.cli.ProfileCommandAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed statistics and drift over two days of generated traffic in which one feature of one model
 * shifts for six hours, measured against reference profiles of two earlier healthy days: the shift is
 * flagged in its windows and nowhere else, the stationary model is never flagged, and the rows are
 * identical at parallelism 1 and 2 and in streaming.
 */
class WindowStatsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path work;

    static DemoTraffic.InjectedIncident shift;
    static FileRun.Files files;
    static Path batchOut;

    @BeforeAll
    static void backfill() throws Exception {
        DemoTraffic traffic = DemoTraffic.builder().seed(3).eventsPerModelPerHour(1_500).build();
        Path input = work.resolve("input");
        traffic.writeTo(input);
        Path training = work.resolve("training");
        DemoTraffic.builder().seed(4).start(traffic.start().minus(Duration.ofDays(2))).eventsPerModelPerHour(1_500)
                .injectIncidents(false).build().writeTo(training);
        Path references = work.resolve("reference_profiles");
        int written = ProfileCommandAccess.profile(config(work.resolve("profiles"), 2).withOverrides(
                Map.of("drift.reference-profiles", references.toString())), training.resolve("predictions.jsonl").toString());
        assertThat(written).isEqualTo(3);
        shift = traffic.injectedIncidents().stream().filter(i -> i.kind().equals("FEATURE_SHIFT")).findFirst().orElseThrow();
        files = new FileRun.Files(input.resolve("predictions.jsonl").toString(), input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString());
        batchOut = work.resolve("batch-p2");
        FileRun.execute("backfill", config(batchOut, 2), files, EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);
    }

    static FaultlineConfig config(Path out, int parallelism) throws Exception {
        return FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", out.toString(),
                "drift.reference-profiles", work.resolve("reference_profiles").toString(),
                "drift.ignore-columns", "features.hour_of_day",
                "parallelism", Integer.toString(parallelism),
                "checkpoints.interval", "500ms",
                "checkpoints.dir", out.resolve("_checkpoints").toUri().toString(),
                "checkpoints.state-backend", "hashmap"));
    }

    @Test
    void theShiftedFeatureDriftsInItsWindowsAndNowhereElse() throws Exception {
        String table = DuckDb.table(batchOut, "window_stats");
        String amount = " WHERE model = '" + shift.model() + "' AND model_version = '" + shift.modelVersion()
                + "' AND column_name = 'features.amount'";
        try (DuckDb db = new DuckDb()) {
            long start = shift.start().toEpochMilli();
            long end = shift.end().toEpochMilli();
            List<String> inside = db.rows("SELECT drift_status FROM " + table + amount
                    + " AND epoch_ms(window_start) >= " + start + " AND epoch_ms(window_end) <= " + end
                    + " ORDER BY window_start");
            assertThat(inside).as("windows of the shift " + shift.start() + ".." + shift.end()).hasSize(
                    (int) ((end - start) / 3_600_000L)).containsOnly("DRIFT");
            List<String> outside = db.rows("SELECT window_start || ' ' || drift_status FROM " + table + amount
                    + " AND (epoch_ms(window_end) <= " + start + " OR epoch_ms(window_start) >= " + end + ")"
                    + " AND drift_status = 'DRIFT'");
            assertThat(outside).as("no drift outside the shift").isEmpty();
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(batchOut, "failures")
                    + " WHERE failure_mode = 'FEATURE_DRIFT' AND column_name = 'features.amount'"))
                    .isEqualTo(inside.size());
        }
    }

    @Test
    void everyVersionWithAProfileIsComparedAgainstIt() throws Exception {
        try (DuckDb db = new DuckDb()) {
            List<String> sources = db.rows("SELECT DISTINCT model_version || ' ' || coalesce(reference_source, '-') FROM "
                    + DuckDb.table(batchOut, "window_stats") + " ORDER BY 1");
            assertThat(sources).contains("3.2.0 PROFILE", "1.8.2 PROFILE");
            assertThat(db.rows("SELECT DISTINCT drift_status FROM " + DuckDb.table(batchOut, "window_stats")
                    + " WHERE model_version = '1.9.0' AND column_name <> 'features.hour_of_day'"))
                    .as("a new version without a profile warms up").containsExactly("NO_REFERENCE");
            assertThat(db.rows("SELECT DISTINCT drift_status FROM " + DuckDb.table(batchOut, "window_stats")
                    + " WHERE column_name = 'features.hour_of_day'")).as("drift.ignore-columns").containsExactly("IGNORED");
        }
    }

    @Test
    void theStationaryModelIsNeverFlagged() throws Exception {
        try (DuckDb db = new DuckDb()) {
            String table = DuckDb.table(batchOut, "window_stats");
            assertThat(db.count("SELECT count(*) FROM " + table + " WHERE model = 'churn-model'")).isPositive();
            assertThat(db.rows("SELECT column_name || ' ' || window_start FROM " + table
                    + " WHERE model = 'churn-model' AND drift_status = 'DRIFT'")).isEmpty();
            assertThat(db.count("SELECT count(*) FROM " + table + " WHERE model = 'churn-model'"
                    + " AND drift_status IN ('NONE', 'WARN')")).as("churn-model windows were compared").isPositive();
        }
    }

    @Test
    void rowsAreIdenticalAtParallelismOneAndInStreaming() throws Exception {
        Path p1 = work.resolve("batch-p1");
        FileRun.execute("backfill", config(p1, 1), files, EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);
        Path streaming = work.resolve("streaming");
        FileRun.execute("stream", config(streaming, 2), files, EventTimeRange.ALL, RuntimeExecutionMode.STREAMING, null);
        try (DuckDb db = new DuckDb()) {
            String order = "model, model_version, window_start, column_name";
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(batchOut, "window_stats"))).isGreaterThan(100);
            db.assertSameRows(batchOut, p1, "window_stats", order, "late_count");
            db.assertSameRows(batchOut, streaming, "window_stats", order, "late_count");
            db.assertSameRows(batchOut, streaming, "failures", "failure_id");
        }
    }
}
