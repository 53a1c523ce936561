package io.faultline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.JobStatus;

/**
 * One {@code faultline stream} run of the shaded jar on a {@link StandaloneFlinkCluster}, as the failure tests
 * drive it: submitted detached through the REST API (main runs in the JobManager and returns once the job is
 * submitted), unbounded, reading the topics {@code predictions}, {@code labels} and {@code deployments} as
 * consumer group {@code faultline-<name>}, at parallelism 2 with RocksDB checkpoints every 500 ms; catalog and
 * checkpoints on S3 under {@code <name>/}. Unbounded, so the job is certainly still running when a fault hits
 * it; it ends with a drain once every record is in a checkpoint.
 */
public final class ClusterStreamRun {
    private final StandaloneFlinkCluster cluster;
    private final TestingObjectStore s3;
    private final String name;
    private final String jobId;
    private final Instant submitted;

    private ClusterStreamRun(StandaloneFlinkCluster cluster, TestingObjectStore s3, String name, String jobId,
            Instant submitted) {
        this.cluster = cluster;
        this.s3 = s3;
        this.name = name;
        this.jobId = jobId;
        this.submitted = submitted;
    }

    /** Writes the job config to {@code work/<name>.yaml} and submits the job. */
    public static ClusterStreamRun submit(StandaloneFlinkCluster cluster, TestingObjectStore s3, String bootstrapServers,
            String name, Path work) throws Exception {
        Path config = work.resolve(name + ".yaml").toAbsolutePath();
        Files.writeString(config, String.join("\n",
                "kafka:",
                "  bootstrap-servers: \"" + bootstrapServers + "\"",
                "  group-id: " + groupId(name),
                "checkpoints:",
                "  interval: 500ms",
                "  dir: \"" + s3.uri(name + "/checkpoints") + "\"",
                "  state-backend: rocksdb",
                ""));
        Instant submitted = Instant.now();
        String jobId = cluster.submit(StandaloneFlinkCluster.shadedJar().toAbsolutePath().toString(), "stream",
                "--config", config.toString(), "--output", s3.uri(name + "/catalog"), "--parallelism", "2");
        System.err.println(name + ": submitted " + jobId);
        return new ClusterStreamRun(cluster, s3, name, jobId, submitted);
    }

    public String jobId() {
        return jobId;
    }

    /** The consumer group the job commits its offsets as (on each completed checkpoint). */
    public String groupId() {
        return groupId(name);
    }

    /** Time since submission, for the test's log. */
    public long millisSinceSubmission() {
        return Duration.between(submitted, Instant.now()).toMillis();
    }

    /**
     * Waits until the job has committed the end offsets of its three topics (so every record produced so far is
     * in a completed checkpoint: recovered and caught up), then stops it with a savepoint and drain (sources end,
     * every pending event-time timer fires, the last checkpoint commits the output) and asserts it FINISHED.
     */
    public void drainOnceCommitted(TestingKafkaClient kafka, Duration timeout) throws Exception {
        kafka.awaitCommitted(groupId(), timeout, "predictions", "labels", "deployments");
        cluster.stopWithDrain(jobId, s3.uri(name + "/savepoints"));
        assertThat(cluster.awaitJob(jobId, Duration.ofMinutes(3))).as(() -> cluster.failureCause(jobId))
                .isEqualTo(JobStatus.FINISHED);
        System.err.println(name + ": job finished " + millisSinceSubmission() + " ms after submission");
    }

    /**
     * The catalog the run left on S3 (committed objects only) equals a fault-free backfill of the files under
     * {@code input}; {@code work} takes the backfill's output and the download.
     */
    public void assertCatalogEqualsBackfillOf(Path input, Path work) throws Exception {
        Path expected = CatalogComparison.backfill(input, work.resolve(name + "-backfill"));
        Path actual = CatalogComparison.committedCatalog(s3, name + "/catalog", work.resolve(name + "-from-s3"));
        CatalogComparison.assertSameCatalog(expected, actual);
    }

    private static String groupId(String name) {
        return "faultline-" + name;
    }
}
