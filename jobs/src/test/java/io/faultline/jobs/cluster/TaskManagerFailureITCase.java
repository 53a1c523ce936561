package io.faultline.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.testing.DuckDb;
import io.faultline.jobs.testing.StandaloneFlinkCluster;
import io.faultline.jobs.testing.TestingKafkaCluster;
import io.faultline.jobs.testing.TestingS3Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline stream} from the shaded jar on a real standalone cluster of two TaskManagers, reading a real
 * Kafka broker, with the TaskManager that runs the job SIGKILLed after its first completed checkpoint: the job
 * must restart from that checkpoint on the surviving TaskManager's slots, catch up, and — once drained — leave a
 * catalog on S3 identical to a fault-free batch backfill of the same records (no failure lost, none written
 * twice).
 */
class TaskManagerFailureITCase {
    /** Checked first (class initialisation), so a missing jar fails in a second, not after a cluster start. */
    static final Path SHADED_JAR = StandaloneFlinkCluster.shadedJar();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
    void streamSurvivesTheLossOfATaskManagerWithTheSameCatalog() throws Exception {
        System.err.println("standalone cluster up in " + CLUSTER.startTime().toMillis() + " ms at " + CLUSTER.restUrl()
                + "; kafka at " + KAFKA.bootstrapServers());
        Path input = work.resolve("input");
        DemoTraffic.builder().seed(13).targetPredictions(20_000).build().writeTo(input);
        KAFKA.produceTraffic(input, 2);

        String streamOut = S3.uri("tm-failure/catalog");
        Path configFile = work.resolve("faultline.yaml").toAbsolutePath();
        Files.writeString(configFile, String.join("\n",
                "kafka:",
                "  bootstrap-servers: \"" + KAFKA.bootstrapServers() + "\"",
                "  group-id: faultline-tm-failure-it",
                "checkpoints:",
                "  interval: 500ms",
                "  dir: \"" + S3.uri("tm-failure/checkpoints") + "\"",
                "  state-backend: rocksdb",
                ""));

        // Detached through the REST API: main runs in the JobManager and returns once the job is submitted.
        // Unbounded, so the job is certainly still running when its TaskManager dies; it is ended below by a
        // drain once every record is in a checkpoint. (The cluster sets no restart strategy, so Flink's
        // default with checkpointing applies: exponential delay, unlimited attempts.)
        Instant submitted = Instant.now();
        String jobId = CLUSTER.submit(SHADED_JAR.toString(), "stream", "--config", configFile.toString(), "--output",
                streamOut, "--parallelism", "2");
        System.err.println("submitted " + jobId);

        long completed = awaitFirstCheckpoint(jobId, Duration.ofMinutes(3));
        Duration untilCheckpoint = Duration.between(submitted, Instant.now());
        int victim = taskManagerRunning(jobId);
        String victimId = taskManagerId(victim);
        CLUSTER.killTaskManager(victim);
        Instant killed = Instant.now();
        System.err.println(completed + " checkpoint(s) completed " + untilCheckpoint.toMillis()
                + " ms after submission; killed taskmanager-" + victim);

        // Recovered and caught up: the consumer group's committed offsets (written on completed checkpoints)
        // reach the end of every topic.
        KAFKA.awaitCommitted("faultline-tm-failure-it", Duration.ofMinutes(5), "predictions", "labels", "deployments");
        CLUSTER.stopWithDrain(jobId, S3.uri("tm-failure/savepoints"));
        assertThat(CLUSTER.awaitJob(jobId, Duration.ofMinutes(3))).as(() -> CLUSTER.failureCause(jobId))
                .isEqualTo(JobStatus.FINISHED);
        System.err.println("job finished " + Duration.between(killed, Instant.now()).toMillis()
                + " ms after the kill, " + Duration.between(submitted, Instant.now()).toMillis()
                + " ms after submission");

        // The job really lost its TaskManager and restarted (not finished before the kill or elsewhere).
        long restarts = numRestarts(jobId);
        JsonNode history = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
        System.err.println("numRestarts=" + restarts + "; first exception: "
                + (history.size() > 0 ? history.get(0).path("exceptionName").asText() + " on "
                        + history.get(0).path("taskManagerId").asText() : "none"));
        assertThat(restarts).as("restarts of job %s", jobId).isPositive();
        assertThat(history.size()).as("exception history of job %s", jobId).isPositive();
        assertThat(history.findValuesAsText("taskManagerId")).as("exception history of job %s: %s", jobId, history)
                .contains(victimId);

        Path batchOut = work.resolve("batch");
        FaultlineConfig batchConfig = FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", batchOut.toString(), "parallelism", "2"));
        FileRun.execute("backfill", batchConfig, new FileRun.Files(
                input.resolve("predictions.jsonl").toString(), input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString()), EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);

        // What a reader sees on S3: only committed part files (in-progress and temporary objects are hidden).
        Path s3Copy = work.resolve("from-s3");
        for (String table : List.of("failures", "window_stats")) {
            S3.download("tm-failure/catalog/" + table, TestingS3Server::committedParquet, s3Copy.resolve(table));
        }
        assertThat(S3.list("tm-failure/catalog/_staging")).as("a stream writes in place, not via staging").isEmpty();
        try (DuckDb db = new DuckDb()) {
            String failures = DuckDb.table(s3Copy, "failures");
            long rows = db.count("SELECT count(*) FROM " + failures);
            assertThat(rows).as("failures written by the stream").isPositive();
            assertThat(db.count("SELECT count(DISTINCT failure_id) FROM " + failures))
                    .as("distinct failure_id (a replay after the restart must not duplicate)").isEqualTo(rows);
            db.assertSameRows(batchOut, s3Copy, "failures", "failure_id");
            db.assertSameRows(batchOut, s3Copy, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
        }
    }

    /** Polls {@code /jobs/<id>/checkpoints} until one has completed; fails if the job ends first. */
    private static long awaitFirstCheckpoint(String jobId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JobStatus status = CLUSTER.jobStatus(jobId);
            assertThat(status.isGloballyTerminalState())
                    .as("job %s ended (%s) before its first checkpoint: too little input to kill it mid-stream; %s",
                            jobId, status, CLUSTER.failureCause(jobId))
                    .isFalse();
            if (status == JobStatus.RUNNING) {
                long completed = get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong(0);
                if (completed >= 1) {
                    return completed;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no checkpoint of job " + jobId + " completed within " + timeout + "; logs in "
                + CLUSTER.workDir().resolve("log"));
    }

    /**
     * The index (1-based, as {@code deploy/local/cluster kill-tm} takes it) of a TaskManager that runs tasks of
     * the job: the scheduler may put all of a parallelism-2 job into one TaskManager's two slots, and killing
     * the idle one would prove nothing. Each TaskManager logs its resource id at start.
     */
    private static int taskManagerRunning(String jobId) throws Exception {
        Set<String> used = new LinkedHashSet<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            JsonNode tms = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers");
            for (JsonNode tm : tms) {
                used.add(tm.path("taskmanager-id").asText());
            }
        }
        for (int i = 1; i <= 2; i++) {
            String log = Files.readString(CLUSTER.workDir().resolve("log").resolve("taskmanager-" + i + ".log"));
            for (String id : used) {
                if (!id.isEmpty() && log.contains(id)) {
                    System.err.println("job " + jobId + " runs on " + used + "; taskmanager-" + i + " is " + id);
                    return i;
                }
            }
        }
        throw new AssertionError("none of the job's TaskManagers " + used + " found in "
                + CLUSTER.workDir().resolve("log"));
    }

    /** The resource id of TaskManager {@code index}, which it logs as it starts. */
    private static String taskManagerId(int index) throws IOException {
        String log = Files.readString(CLUSTER.workDir().resolve("log").resolve("taskmanager-" + index + ".log"));
        for (JsonNode tm : getUnchecked("/taskmanagers").path("taskmanagers")) {
            String id = tm.path("id").asText();
            if (!id.isEmpty() && log.contains(id)) {
                return id;
            }
        }
        throw new AssertionError("the resource id of taskmanager-" + index + " is not in its log");
    }

    private static JsonNode getUnchecked(String path) throws IOException {
        try {
            return get(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long numRestarts(String jobId) throws Exception {
        for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            if ("numRestarts".equals(metric.path("id").asText())) {
                return metric.path("value").asLong();
            }
        }
        return -1;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        URI uri = URI.create(CLUSTER.restUrl() + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
