package io.faultline.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.runtime.JobEnvironment;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.runtime.Uids;
import io.faultline.jobs.testing.DuckDb;
import io.faultline.jobs.testing.TestingS3Server;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginConfig;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog written to S3 (S3Proxy on 127.0.0.1, through the {@code flink-s3-fs-hadoop} plugin) is the
 * catalog written to a local directory, row for row: in BATCH mode, in STREAMING mode with checkpoints on
 * S3 (files are committed by the S3 recoverable writer on checkpoint completion), and after a task failure
 * following a completed checkpoint. Readers only see committed objects: the {@code _}/{@code .}-prefixed
 * temporaries a failover may leave are skipped like any {@code *.parquet} glob skips them.
 */
class S3OutputITCase {
    @RegisterExtension
    @Order(1)
    static final TestingS3Server S3 = new TestingS3Server("faultline");

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path work;

    static DemoTraffic.Summary generated;
    static FileRun.Files files;
    static Path localOut;

    @BeforeAll
    static void s3FileSystemAndLocalReference() throws Exception {
        // The S3 file system is a plugin (its own class loader), as on a real cluster; the MiniCluster runs in
        // this JVM and shares Flink's static FileSystem registry, so initialising it here serves the client,
        // the JobManager and the TaskManager alike.
        Configuration s3 = S3.flinkConfiguration();
        FileSystem.initialize(s3, pluginManager(s3));

        Path input = work.resolve("input");
        generated = DemoTraffic.builder().seed(11).targetPredictions(5_000).build().writeTo(input);
        files = new FileRun.Files(input.resolve("predictions.jsonl").toString(), input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString());
        localOut = work.resolve("local");
        long t0 = System.nanoTime();
        FileRun.execute("backfill", config(localOut.toString(), localOut.resolve("_checkpoints").toUri().toString(), 2),
                files, EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);
        log("local BATCH reference", t0);
    }

    @AfterAll
    static void plainFileSystems() {
        // Later test classes in this JVM must not inherit an S3 file system pinned at a stopped server.
        FileSystem.initialize(new Configuration(), null);
    }

    /** The plugins under FLINK_PLUGINS_DIR (set by failsafe), else {@code target/test-plugins} (IDE runs). */
    static PluginManager pluginManager(Configuration conf) throws Exception {
        Path root = PluginConfig.getPluginsDir().map(java.io.File::toPath).orElse(Path.of("target", "test-plugins"));
        if (!java.nio.file.Files.isDirectory(root.resolve("s3-fs-hadoop"))) {
            root = Path.of("target", "test-plugins");
        }
        assertThat(root.resolve("s3-fs-hadoop")).as("run mvn generate-test-resources to copy the S3 plugin")
                .isDirectory();
        return new DefaultPluginManager(new DirectoryBasedPluginFinder(root).findPlugins(),
                PluginConfig.fromConfiguration(conf).getAlwaysParentFirstPatterns());
    }

    static FaultlineConfig config(String outputUri, String checkpointsUri, int parallelism) throws Exception {
        return FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", outputUri,
                "parallelism", Integer.toString(parallelism),
                "checkpoints.interval", "300ms",
                "checkpoints.dir", checkpointsUri,
                "checkpoints.state-backend", "hashmap"));
    }

    @Test
    void batchBackfillToS3WritesTheSameCatalog() throws Exception {
        long t0 = System.nanoTime();
        RunSummary run = FileRun.execute("backfill", config(S3.uri("catalog"), S3.uri("checkpoints-batch"), 2), files,
                EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);
        log("S3 BATCH", t0);
        assertThat(run.failuresByMode()).isNotEmpty();
        assertThat(S3.list("catalog/failures/")).as("no temporaries after a clean BATCH run")
                .allMatch(TestingS3Server::committedParquet);
        assertSameCatalog("catalog", "batch");
    }

    @Test
    void streamingWithCheckpointsOnS3WritesTheSameCatalog() throws Exception {
        long t0 = System.nanoTime();
        FileRun.execute("stream", config(S3.uri("catalog-stream"), S3.uri("checkpoints"), 1), files,
                EventTimeRange.ALL, RuntimeExecutionMode.STREAMING, null);
        log("S3 STREAMING", t0);
        assertThat(S3.list("checkpoints/")).as("checkpoints were written to S3").isNotEmpty();
        System.out.println("[S3OutputITCase] after a clean streaming run, open multipart uploads: "
                + S3.openMultipartUploads().stream().filter(key -> key.startsWith("catalog-stream/")).count());
        assertSameCatalog("catalog-stream", "stream");
    }

    @Test
    void taskFailureAfterACompletedCheckpointChangesNothingOnS3() throws Exception {
        FaultlineConfig config = config(S3.uri("catalog-failover"), S3.uri("checkpoints-failover"), 2);
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.STREAMING);
        Configuration restart = new Configuration();
        restart.setString("restart-strategy.type", "fixed-delay");
        restart.setString("restart-strategy.fixed-delay.attempts", "3");
        restart.setString("restart-strategy.fixed-delay.delay", "100 ms");
        env.configure(restart);
        DataStream<RawRecord> predictions = file(env, config, files.predictions(), SourceKind.PREDICTIONS,
                Uids.SOURCE_PREDICTIONS)
                .map(new ThrottledFailOnceAfterCheckpoint(generated.predictionLines() / 8))
                .uid("test-fail-once").name("fail once after a checkpoint");
        FaultlinePipeline.Inputs inputs = new FaultlinePipeline.Inputs(predictions,
                file(env, config, files.labels(), SourceKind.LABELS, Uids.SOURCE_LABELS),
                file(env, config, files.deployments(), SourceKind.DEPLOYMENTS, Uids.SOURCE_DEPLOYMENTS));
        Sinks.attachParquet(FaultlinePipeline.build(config, EventTimeRange.ALL, inputs), config.outputUri());
        ThrottledFailOnceAfterCheckpoint.FAILED.set(false);
        long t0 = System.nanoTime();
        env.execute("faultline S3 failover test");
        log("S3 STREAMING with failover", t0);

        assertThat(ThrottledFailOnceAfterCheckpoint.FAILED).as("the injected failure happened").isTrue();
        List<String> hidden = S3.list("catalog-failover/").stream()
                .filter(key -> !TestingS3Server.committedParquet(key)).toList();
        System.out.println("[S3OutputITCase] objects a reader skips after the failover: " + hidden
                + "; open multipart uploads: " + S3.openMultipartUploads());
        assertSameCatalog("catalog-failover", "failover");
        try (DuckDb db = new DuckDb()) {
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(download("catalog-failover", "failover-dl"),
                    "dead_letter"))).isEqualTo(generated.malformedLines());
        }
    }

    @Test
    void storeOutageDuringStreamingIsRecoveredFromWithoutDuplicates() throws Exception {
        FaultlineConfig config = config(S3.uri("catalog-outage"), S3.uri("checkpoints-outage"), 2);
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.STREAMING);
        Configuration restart = new Configuration();
        restart.setString("restart-strategy.type", "fixed-delay");
        restart.setString("restart-strategy.fixed-delay.attempts", "30");
        restart.setString("restart-strategy.fixed-delay.delay", "500 ms");
        env.configure(restart);
        DataStream<RawRecord> predictions = file(env, config, files.predictions(), SourceKind.PREDICTIONS,
                Uids.SOURCE_PREDICTIONS)
                .map(new Throttle()).uid("test-throttle").name("throttle until the outage is over");
        FaultlinePipeline.Inputs inputs = new FaultlinePipeline.Inputs(predictions,
                file(env, config, files.labels(), SourceKind.LABELS, Uids.SOURCE_LABELS),
                file(env, config, files.deployments(), SourceKind.DEPLOYMENTS, Uids.SOURCE_DEPLOYMENTS));
        Sinks.attachParquet(FaultlinePipeline.build(config, EventTimeRange.ALL, inputs), config.outputUri());
        Throttle.ENABLED.set(true);
        long t0 = System.nanoTime();
        org.apache.flink.core.execution.JobClient client = env.executeAsync("faultline S3 outage test");
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (S3.list("checkpoints-outage/").stream().noneMatch(key -> key.endsWith("/_metadata"))) {
                assertThat(System.nanoTime()).as("a checkpoint completed on S3 within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            S3.stop();
            Thread.sleep(8_000);
            S3.start();
        } finally {
            Throttle.ENABLED.set(false);
        }
        client.getJobExecutionResult().get(3, java.util.concurrent.TimeUnit.MINUTES);
        log("S3 STREAMING with an 8 s store outage", t0);
        System.out.println("[S3OutputITCase] after the outage, objects a reader skips: " + S3.list("catalog-outage/")
                .stream().filter(key -> !TestingS3Server.committedParquet(key)).toList()
                + "; open multipart uploads: " + S3.openMultipartUploads().size());
        assertSameCatalog("catalog-outage", "outage");
    }

    /** Delays each record by 1 ms while {@link #ENABLED}, so the job is still running when the store goes away. */
    static final class Throttle implements MapFunction<RawRecord, RawRecord> {
        static final AtomicBoolean ENABLED = new AtomicBoolean();

        @Override
        public RawRecord map(RawRecord value) throws InterruptedException {
            if (ENABLED.get()) {
                Thread.sleep(1);
            }
            return value;
        }
    }

    /**
     * Throws once, at the first record after {@code failAfter} records were seen and a checkpoint completed.
     * Until then each record is delayed by 1 ms: this small input would otherwise be read completely before
     * the first checkpoint (300 ms) completes, and the failure would never be injected.
     */
    static final class ThrottledFailOnceAfterCheckpoint implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long failAfter;
        private long seen;
        private volatile boolean checkpointCompleted;

        ThrottledFailOnceAfterCheckpoint(long failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public RawRecord map(RawRecord value) throws InterruptedException {
            seen++;
            if (!FAILED.get()) {
                if (seen >= failAfter && checkpointCompleted) {
                    FAILED.set(true);
                    throw new IllegalStateException("injected failure after a completed checkpoint");
                }
                Thread.sleep(1);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }

    private static DataStream<RawRecord> file(StreamExecutionEnvironment env, FaultlineConfig config, String path,
            SourceKind kind, String uid) throws java.io.IOException {
        return env.fromSource(FileInputs.source(path, kind.tableValue()), FaultlinePipeline.watermarks(config, kind),
                kind.tableValue(), TypeInformation.of(RawRecord.class)).uid(uid).name(kind.tableValue());
    }

    /** Downloads the committed Parquet objects of every table under {@code prefix}, keeping their layout. */
    private static Path download(String prefix, String name) throws Exception {
        Path root = work.resolve("s3-" + name);
        for (String table : List.of("failures", "dead_letter")) {
            S3.download(prefix + "/" + table, TestingS3Server::committedParquet, root.resolve(table));
        }
        return root;
    }

    /** The failures table under {@code s3://bucket/<prefix>} equals the local BATCH run's, row for row. */
    private static void assertSameCatalog(String prefix, String name) throws Exception {
        Path root = download(prefix, name);
        assertThat(root.resolve("failures")).isDirectory();
        try (DuckDb db = new DuckDb()) {
            String order = " ORDER BY failure_id";
            List<String> expected = db.rows("SELECT * FROM " + DuckDb.table(localOut, "failures") + order);
            List<String> actual = db.rows("SELECT * FROM " + DuckDb.table(root, "failures") + order);
            assertThat(expected).isNotEmpty();
            assertThat(actual).hasSameSizeAs(expected);
            assertThat(actual).containsExactlyElementsOf(expected);
            assertThat(db.count("SELECT count(DISTINCT failure_id) FROM " + DuckDb.table(root, "failures")))
                    .as("no duplicated rows").isEqualTo(actual.size());
        }
    }

    private static void log(String what, long startNanos) {
        System.out.printf("[S3OutputITCase] %s took %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
