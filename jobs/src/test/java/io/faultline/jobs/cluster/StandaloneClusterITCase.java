package io.faultline.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.testing.DuckDb;
import io.faultline.jobs.testing.StandaloneFlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar, as it ships, on a real standalone cluster ({@code deploy/local/cluster}): separate
 * JobManager and TaskManager JVMs with only Flink's own jars on their classpath, the job submitted with
 * {@code flink run} (CliFrontend, attached) like the backfill CronJob.
 * Its catalog must equal the same backfill's on an in-process MiniCluster, which proves the jar carries and
 * loads everything Flink does not provide (Parquet, Hadoop, Avro, the relocated Jackson).
 */
class StandaloneClusterITCase {
    /** Checked first (class initialisation), so a missing jar fails in a second, not after a cluster start. */
    static final Path SHADED_JAR = StandaloneFlinkCluster.shadedJar();

    @RegisterExtension
    static final StandaloneFlinkCluster CLUSTER = new StandaloneFlinkCluster(1);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path work;

    @Test
    void backfillOnTheClusterWritesTheSameCatalogAsInProcess() throws Exception {
        System.err.println("standalone cluster up in " + CLUSTER.startTime().toMillis() + " ms at " + CLUSTER.restUrl());
        Path input = work.resolve("input");
        DemoTraffic.builder().seed(11).targetPredictions(5_000).build().writeTo(input);
        String predictions = input.resolve("predictions.jsonl").toString();
        String labels = input.resolve("labels.jsonl").toString();
        String deployments = input.resolve("deployments.jsonl").toString();

        Path clusterOut = work.resolve("cluster");
        Instant submitted = Instant.now();
        // Attached, as the backfill CronJob's 'flink run' does: backfill waits for its job's result (the
        // accumulators for the run summary), which a REST /jars/run submission cannot give it.
        StandaloneFlinkCluster.ClientRun run = CLUSTER.run(SHADED_JAR.toString(), "backfill", "--predictions",
                predictions, "--labels", labels, "--deployments", deployments, "--output", clusterOut.toString(),
                "--parallelism", "2");
        System.err.println("cluster backfill " + run.jobId() + " exited " + run.exitCode() + " after "
                + Duration.between(submitted, Instant.now()).toMillis() + " ms (client JVM included)");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.jobId()).as(run.output()).isNotNull();
        assertThat(CLUSTER.awaitJob(run.jobId(), Duration.ofSeconds(30))).as(() -> CLUSTER.failureCause(run.jobId()))
                .isEqualTo(JobStatus.FINISHED);
        assertThat(run.output()).contains("run summary:");

        Path localOut = work.resolve("in-process");
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", localOut.toString(), "parallelism", "2"));
        FileRun.execute("backfill", config, new FileRun.Files(predictions, labels, deployments), EventTimeRange.ALL,
                RuntimeExecutionMode.BATCH, null);

        // The same backfill submitted detached through the REST API (/jars/upload, /jars/<id>/run), as a
        // platform team's tooling or the operator's session jobs do: main returns after submission.
        Path restOut = work.resolve("rest");
        String restJob = CLUSTER.submit(SHADED_JAR.toString(), "backfill", "--predictions", predictions, "--labels",
                labels, "--deployments", deployments, "--output", restOut.toString(), "--parallelism", "2");
        assertThat(CLUSTER.awaitJob(restJob, Duration.ofSeconds(60))).as(() -> CLUSTER.failureCause(restJob))
                .isEqualTo(JobStatus.FINISHED);

        try (DuckDb db = new DuckDb()) {
            db.assertSameRows(localOut, clusterOut, "failures", "failure_id");
            db.assertSameRows(localOut, restOut, "failures", "failure_id");
            db.assertSameRows(localOut, clusterOut, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(clusterOut, "dead_letter")))
                    .isEqualTo(db.count("SELECT count(*) FROM " + DuckDb.table(localOut, "dead_letter")));
        }
        assertThat(clusterOut.resolve("_runs")).as("the run summary the main method writes after the job")
                .isDirectoryContaining("glob:**.json");
    }
}
