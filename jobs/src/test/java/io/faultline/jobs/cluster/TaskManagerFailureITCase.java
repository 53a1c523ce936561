package io.faultline.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.testing.ClusterStreamRun;
import io.faultline.jobs.testing.StandaloneFlinkCluster;
import io.faultline.jobs.testing.TestingKafkaCluster;
import io.faultline.jobs.testing.TestingS3Server;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline stream} from the shaded jar on a real standalone cluster of two TaskManagers, reading a real
 * Kafka broker, loses the TaskManager that runs it twice: SIGKILLed after its first completed checkpoint, the job
 * restarts from that checkpoint on the surviving TaskManager's slots; a replacement TaskManager process is started
 * (as an operator, or Kubernetes, replaces a lost machine); once the job has completed a checkpoint after its
 * restore, the TaskManager it runs on then is SIGKILLed too, and it restarts on the replacement. Once drained, the
 * catalog on S3 must be identical to a fault-free batch backfill of the same records (no failure lost, none
 * written twice).
 */
class TaskManagerFailureITCase {
    /** Checked first (class initialisation), so a missing jar fails in a second, not after a cluster start. */
    static final Path SHADED_JAR = StandaloneFlinkCluster.shadedJar();

    @RegisterExtension
    static final TestingKafkaCluster KAFKA = new TestingKafkaCluster();

    /** The catalog and the checkpoints go to S3 (S3Proxy on 127.0.0.1), as a platform team would run it. */
    @RegisterExtension
    static final TestingS3Server S3 = new TestingS3Server("faultline");

    /**
     * Two TaskManagers of 2 slots each: the job (parallelism 2) fits on the one that survives. Every JVM of the
     * cluster loads the S3 plugin (copied to target/test-plugins by the build) pinned to S3Proxy.
     */
    @RegisterExtension
    static final StandaloneFlinkCluster CLUSTER = new StandaloneFlinkCluster(2)
            .withPlugins(Path.of("target", "test-plugins"))
            .withConfiguration(() -> S3.flinkConfiguration().toMap());

    /** For the in-process reference backfill. */
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path work;

    @Test
    void streamSurvivesTheLossOfTwoTaskManagersWithTheSameCatalog() throws Exception {
        System.err.println("standalone cluster up in " + CLUSTER.startTime().toMillis() + " ms at " + CLUSTER.restUrl()
                + "; kafka at " + KAFKA.bootstrapServers());
        Path input = work.resolve("input");
        DemoTraffic.builder().seed(13).targetPredictions(20_000).build().writeTo(input);
        KAFKA.produceTraffic(input, 2);

        // The cluster sets no restart strategy, so Flink's default with checkpointing applies: exponential delay,
        // unlimited attempts.
        ClusterStreamRun run = ClusterStreamRun.submit(CLUSTER, S3, KAFKA.bootstrapServers(), "tm-failure", work);
        String jobId = run.jobId();

        long checkpoint = CLUSTER.awaitCheckpoint(jobId, 0, Duration.ofMinutes(3));
        String firstVictim = killTaskManagerRunning(jobId);
        System.err.println("first kill after checkpoint " + checkpoint + ", " + run.millisSinceSubmission()
                + " ms after submission");
        // The replacement registers while the job restarts on the survivor's slots.
        int replacement = CLUSTER.addTaskManager();

        checkpoint = CLUSTER.awaitCheckpoint(jobId, 1, Duration.ofMinutes(3));
        String secondVictim = killTaskManagerRunning(jobId);
        System.err.println("second kill after checkpoint " + checkpoint + " (completed after the first restore), "
                + run.millisSinceSubmission() + " ms after submission; taskmanager-" + replacement + " was added");
        assertThat(secondVictim).as("the second kill hits another TaskManager").isNotEqualTo(firstVictim);
        CLUSTER.awaitCheckpoint(jobId, 2, Duration.ofMinutes(3));

        run.drainOnceCommitted(KAFKA.client(), Duration.ofMinutes(5));

        // The job really lost both TaskManagers and restored its state each time.
        long restores = CLUSTER.restores(jobId);
        JsonNode history = CLUSTER.exceptionHistory(jobId);
        System.err.println(restores + " restores; exceptions from " + history.findValuesAsText("taskManagerId"));
        assertThat(restores).as("restores of job %s", jobId).isGreaterThanOrEqualTo(2);
        assertThat(history.findValuesAsText("taskManagerId")).as("exception history of job %s: %s", jobId, history)
                .contains(firstVictim, secondVictim);

        run.assertCatalogEqualsBackfillOf(input, work);
    }

    /** SIGKILLs a TaskManager that runs tasks of the job; returns its resource id. */
    private static String killTaskManagerRunning(String jobId) throws Exception {
        int victim = CLUSTER.taskManagerRunning(jobId);
        String id = CLUSTER.taskManagerId(victim);
        CLUSTER.killTaskManager(victim);
        System.err.println("killed taskmanager-" + victim + " (" + id + ")");
        return id;
    }
}
