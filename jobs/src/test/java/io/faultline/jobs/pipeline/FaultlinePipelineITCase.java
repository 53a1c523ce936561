package io.faultline.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.JobEnvironment;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.runtime.Uids;
import io.faultline.jobs.testing.DuckDb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline end to end on a MiniCluster over generated traffic: batch and streaming agree row for
 * row, a task failure after a completed checkpoint changes nothing, and every input line is accounted for.
 */
class FaultlinePipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path work;

    static DemoTraffic traffic;
    static DemoTraffic.Summary generated;
    static FileRun.Files files;
    static Path batchOut;
    static RunSummary batch;

    @BeforeAll
    static void generateAndRunBatch() throws Exception {
        Path input = work.resolve("input");
        traffic = DemoTraffic.builder().seed(11).targetPredictions(20_000).build();
        generated = traffic.writeTo(input);
        files = new FileRun.Files(input.resolve("predictions.jsonl").toString(), input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString());
        batchOut = work.resolve("batch");
        batch = FileRun.execute("backfill", config(batchOut, 2, "hashmap"), files, EventTimeRange.ALL,
                RuntimeExecutionMode.BATCH, null);
    }

    static FaultlineConfig config(Path out, int parallelism, String stateBackend) throws Exception {
        return FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", out.toString(),
                "parallelism", Integer.toString(parallelism),
                "checkpoints.interval", "200ms",
                "checkpoints.dir", out.resolve("_checkpoints").toUri().toString(),
                "checkpoints.state-backend", stateBackend));
    }

    @Test
    void backfillAccountsForEveryLine() {
        long lines = generated.predictionLines();
        String p = SourceKind.PREDICTIONS.tableValue();
        assertThat(batch.count(Accounting.name(p, Accounting.READ))).isEqualTo(lines);
        for (SourceKind kind : SourceKind.values()) {
            assertThat(batch.unaccounted(kind.tableValue())).as("unaccounted " + kind).isZero();
        }
        assertThat(batch.count(Accounting.name(p, Accounting.DUPLICATE))).isEqualTo(generated.duplicateLines());
        long deadLetters = 0;
        for (SourceKind kind : SourceKind.values()) {
            deadLetters += batch.count(Accounting.name(kind.tableValue(), Accounting.DEAD_LETTER));
        }
        assertThat(deadLetters).isEqualTo(generated.malformedLines());
        assertThat(batch.count(Accounting.name(SourceKind.LABELS.tableValue(), Accounting.READ)))
                .isEqualTo(generated.labelLines());
    }

    @Test
    void backfillFindsEveryKindOfFailureAndWritesItToTheCatalog() throws Exception {
        assertThat(batch.failuresByMode()).containsKeys("LATENCY_SLO_BREACH", "LOW_CONFIDENCE", "AMBIGUOUS",
                "MISCLASSIFICATION", "UNREGISTERED_VERSION");
        try (DuckDb db = new DuckDb()) {
            long rows = db.count("SELECT count(*) FROM " + DuckDb.table(batchOut, "failures"));
            long counted = batch.failuresByMode().values().stream().mapToLong(Long::longValue).sum();
            assertThat(rows).isEqualTo(counted);
            long deadLetters = db.count("SELECT count(*) FROM " + DuckDb.table(batchOut, "dead_letter"));
            assertThat(deadLetters).isEqualTo(generated.malformedLines());
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(batchOut, "failures")
                    + " WHERE lineage_status = 'RESOLVED' AND code_version IS NOT NULL")).isPositive();
        }
    }

    @Test
    void everyAnalystQueryRunsOnTheCatalog() throws Exception {
        Path sqlDir = Path.of("..", "sql", "duckdb");
        List<Path> queries;
        try (var files = java.nio.file.Files.list(sqlDir)) {
            queries = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        try (DuckDb db = new DuckDb()) {
            for (Path query : queries) {
                String sql = java.nio.file.Files.readString(query).replace("{root}", batchOut.toAbsolutePath().toString());
                assertThat(db.rows(sql)).as(query.getFileName().toString()).isNotEmpty();
            }
        }
    }

    @Test
    void streamingOverTheSameFilesGivesIdenticalCatalogRows() throws Exception {
        Path out = work.resolve("streaming");
        RunSummary streaming = FileRun.execute("stream", config(out, 1, "hashmap"), files, EventTimeRange.ALL,
                RuntimeExecutionMode.STREAMING, null);
        assertThat(streaming.failuresByMode()).isEqualTo(batch.failuresByMode());
        // Streaming on hashmap is the heap join: it accounts for every line exactly as the keyed-state join does.
        for (SourceKind kind : SourceKind.values()) {
            assertThat(streaming.unaccounted(kind.tableValue())).as("unaccounted " + kind).isZero();
            for (String outcome : List.of(Accounting.READ, Accounting.VALID, Accounting.DUPLICATE, Accounting.LATE,
                    Accounting.DEAD_LETTER)) {
                String name = Accounting.name(kind.tableValue(), outcome);
                assertThat(streaming.count(name)).as(name).isEqualTo(batch.count(name));
            }
        }
        assertSameCatalog(out);
    }

    /** On rocksdb the join's state is Flink's keyed state; on hashmap it is the heap join's raw keyed state. */
    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "hashmap"})
    void taskFailureAfterACompletedCheckpointChangesNothing(String stateBackend) throws Exception {
        Path out = work.resolve("failover-" + stateBackend);
        FaultlineConfig config = config(out, 2, stateBackend);
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.STREAMING);
        env.configure(new org.apache.flink.configuration.Configuration() {{
            setString("restart-strategy.type", "fixed-delay");
            setString("restart-strategy.fixed-delay.attempts", "3");
            setString("restart-strategy.fixed-delay.delay", "100 ms");
        }});
        DataStream<RawRecord> predictions = file(env, config, files.predictions(), SourceKind.PREDICTIONS, Uids.SOURCE_PREDICTIONS)
                .map(new FailOnceAfterCheckpoint(generated.predictionLines() / 4))
                .uid("test-fail-once").name("fail once after a checkpoint");
        FaultlinePipeline.Inputs inputs = new FaultlinePipeline.Inputs(predictions,
                file(env, config, files.labels(), SourceKind.LABELS, Uids.SOURCE_LABELS),
                file(env, config, files.deployments(), SourceKind.DEPLOYMENTS, Uids.SOURCE_DEPLOYMENTS));
        Sinks.attachParquet(FaultlinePipeline.build(config, EventTimeRange.ALL, inputs), config.outputUri());
        FailOnceAfterCheckpoint.FAILED.set(false);
        env.execute("faultline failover test");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the injected failure happened").isTrue();
        // Accumulators are not checkpointed state: after the restart they count only what the final
        // attempt did since the restored checkpoint. The exact accounting is therefore asserted on the
        // committed output, which is what exactly-once is about.
        assertSameCatalog(out);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(out, "dead_letter")))
                    .isEqualTo(generated.malformedLines());
            // Window profiles survive the failover in operator state: the statistics are exact too.
            db.assertSameRows(batchOut, out, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
        }
    }

    private static DataStream<RawRecord> file(StreamExecutionEnvironment env, FaultlineConfig config, String path,
            SourceKind kind, String uid) throws java.io.IOException {
        return env.fromSource(FileInputs.source(path, kind.tableValue()), FaultlinePipeline.watermarks(config, kind),
                kind.tableValue(), TypeInformation.of(RawRecord.class)).uid(uid).name(kind.tableValue());
    }

    /** The catalog under {@code out} equals the batch run's, row for row and column for column. */
    private static void assertSameCatalog(Path out) throws Exception {
        try (DuckDb db = new DuckDb()) {
            db.assertSameRows(batchOut, out, "failures", "failure_id");
            long distinct = db.count("SELECT count(DISTINCT failure_id) FROM " + DuckDb.table(out, "failures"));
            long rows = db.count("SELECT count(*) FROM " + DuckDb.table(out, "failures"));
            assertThat(distinct).as("no duplicated rows").isEqualTo(rows);
            // Labelling statistics and incidents derive from the same exact, order-independent parts.
            db.assertSameRows(batchOut, out, "labeling_stats", "model, model_version, window_start");
            assertThat(java.nio.file.Files.exists(out.resolve("incidents")))
                    .isEqualTo(java.nio.file.Files.exists(batchOut.resolve("incidents")));
            if (java.nio.file.Files.exists(batchOut.resolve("incidents"))) {
                String incidents = "SELECT * FROM %s ORDER BY incident_id, revision";
                assertThat(db.rows(String.format(incidents, DuckDb.table(out, "incidents")))).containsExactlyElementsOf(
                        db.rows(String.format(incidents, DuckDb.table(batchOut, "incidents"))));
            }
        }
    }

    /**
     * Passes records through, and throws once (first attempt only) as soon as both {@code failAfter} records
     * were seen and a checkpoint completed (at the next record, or at that checkpoint's completion), so the
     * restart must recover from real checkpointed state and the file sink must not commit anything twice.
     */
    static final class FailOnceAfterCheckpoint implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long failAfter;
        private long seen;
        private boolean checkpointCompleted;

        FailOnceAfterCheckpoint(long failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public RawRecord map(RawRecord value) {
            seen++;
            if (seen >= failAfter && checkpointCompleted && !FAILED.get()) {
                FAILED.set(true);
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return value;
        }

        /**
         * Also fails here, so that the failure happens even when the input ends before a checkpoint completes (a fast
         * run over little data): then it is the final checkpoint, which the finished source still waits for.
         */
        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
            if (seen >= failAfter && !FAILED.get()) {
                FAILED.set(true);
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
        }
    }
}
