package io.faultline.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.testing.ClusterStreamRun;
import io.faultline.jobs.testing.LocalSession;
import io.faultline.jobs.testing.StandaloneFlinkCluster;
import io.faultline.jobs.testing.TestingKafkaBroker;
import io.faultline.jobs.testing.TestingS3Process;
import io.faultline.jobs.testing.TrafficHalves;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The laptop session {@code deploy/local/up} starts — a Flink session cluster with the S3 plugin, a KRaft Kafka
 * broker and S3Proxy, each in its own JVM on 127.0.0.1 — serves its three endpoints; {@code faultline stream} from
 * the shaded jar, running in it, survives the broker and then the store going away mid-stream with a catalog
 * identical to a fault-free backfill; and {@code deploy/local/down} leaves nothing running. One session (one
 * cluster start) serves all three, in this order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSessionITCase {
    /** Checked first (class initialisation), so a missing jar fails in a second, not after a cluster start. */
    static final Path SHADED_JAR = StandaloneFlinkCluster.shadedJar();

    /** S3 clients of the cluster fail fast while the store is away (as in TestingS3Server), instead of retrying for minutes. */
    @RegisterExtension
    static final LocalSession SESSION = new LocalSession().withConfiguration(Map.of(
            "s3.attempts.maximum", "3",
            "s3.retry.limit", "3",
            "s3.connection.establish.timeout", "2000",
            "s3.connection.timeout", "5000"));

    /** For the in-process reference backfill. */
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    @Order(1)
    void upServesAClusterABrokerAndAStoreOnLoopbackWithConfigsThatPointAtThem() throws Exception {
        Map<String, String> endpoints = SESSION.endpoints();
        System.err.println("local session up in " + SESSION.startTime().toMillis() + " ms: " + endpoints);
        assertThat(endpoints.get("FLINK_REST")).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(endpoints.get("KAFKA_BOOTSTRAP")).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(endpoints.get("S3_ENDPOINT")).matches("http://127\\.0\\.0\\.1:\\d+");

        // Flink: a TaskManager with its slots, and every S3 client pinned to the session's store.
        StandaloneFlinkCluster cluster = SESSION.cluster();
        assertThat(cluster.restUrl()).hasToString(endpoints.get("FLINK_REST"));
        JsonNode overview = cluster.rest("/overview");
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
        Map<String, String> flinkConfig = new HashMap<>();
        cluster.rest("/jobmanager/config").forEach(e -> flinkConfig.put(e.path("key").asText(), e.path("value").asText()));
        assertThat(flinkConfig).containsEntry("s3.endpoint", endpoints.get("S3_ENDPOINT"))
                .containsEntry("s3.access-key", endpoints.get("S3_ACCESS_KEY"))
                .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .containsKey("s3.secret-key");

        // Kafka: the broker answers (the client waits for its cluster description) at the advertised address.
        assertThat(SESSION.kafka().client().bootstrapServers()).isEqualTo(endpoints.get("KAFKA_BOOTSTRAP"));

        // S3: the server answers, and refuses a request without credentials.
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.get("S3_ENDPOINT") + "/"
                + endpoints.get("S3_BUCKET"))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(403);

        // The job configs up wrote are valid and point at the session.
        FaultlineConfig onCluster = FaultlineConfig.load(SESSION.workDir().resolve("faultline.yaml"));
        assertThat(onCluster.kafka().bootstrapServers()).isEqualTo(endpoints.get("KAFKA_BOOTSTRAP"));
        assertThat(onCluster.outputUri()).isEqualTo("s3://" + endpoints.get("S3_BUCKET") + "/catalog");
        assertThat(onCluster.checkpoints().dir()).isEqualTo("s3://" + endpoints.get("S3_BUCKET") + "/checkpoints");
        FaultlineConfig embedded = FaultlineConfig.load(SESSION.workDir().resolve("faultline-embedded.yaml"));
        assertThat(embedded.kafka().bootstrapServers()).isEqualTo(endpoints.get("KAFKA_BOOTSTRAP"));
        assertThat(embedded.outputUri()).startsWith(SESSION.workDir().toString());

        // And it printed the commands that use them.
        assertThat(SESSION.upOutput())
                .contains("deploy/local/cluster run --workdir " + SESSION.workDir().resolve("flink") + " --detached ")
                .contains("stream --config " + SESSION.workDir().resolve("faultline.yaml"))
                .contains("./faultline stream --config " + SESSION.workDir().resolve("faultline-embedded.yaml"))
                .contains("deploy/local/kafka produce --workdir " + SESSION.workDir().resolve("kafka"));
    }

    /**
     * Two outages, one after the other, in one run:
     * <ol>
     *   <li>the <b>Kafka broker restarts</b> (SIGTERM, wait for the JVM to exit, start again on the same port and
     *       log directory) while the job consumes the first half of the traffic; the second half is produced only
     *       to the restarted broker;</li>
     *   <li>the <b>S3 endpoint goes away</b> (its JVM stopped) while that second half arrives, and stays away until
     *       the job has failed over (its checkpoints cannot be written); it comes back on the same port with the
     *       same data directory, and the job restores from its last checkpoint on S3 and catches up.</li>
     * </ol>
     * The traffic is cut so that retries and labels of first-half predictions arrive in the second half
     * ({@link TrafficHalves}): only state carried through both outages gets them right.
     */
    @Test
    @Order(2)
    void streamSurvivesABrokerRestartAndAStoreOutageWithTheSameCatalog() throws Exception {
        StandaloneFlinkCluster cluster = SESSION.cluster();
        TestingKafkaBroker kafka = SESSION.kafka();
        TestingS3Process s3 = SESSION.s3();
        Path input = work.resolve("input");
        DemoTraffic.builder().seed(17).targetPredictions(10_000).build().writeTo(input);
        TrafficHalves halves = TrafficHalves.of(input);
        System.err.println("across the cut: " + halves.duplicatesAcrossTheCut() + " retries, "
                + halves.labelsAcrossTheCut() + " labels");
        assertThat(halves.duplicatesAcrossTheCut()).as("retries of first-half events in the second half").isPositive();
        assertThat(halves.labelsAcrossTheCut()).as("labels of first-half predictions in the second half").isPositive();
        halves.produceFirstHalf(kafka.client(), 2);

        ClusterStreamRun run = ClusterStreamRun.submit(cluster, s3, kafka.bootstrapServers(), "outage", work);
        String jobId = run.jobId();
        cluster.awaitCheckpoint(jobId, 0, Duration.ofMinutes(3));

        // 1. The broker restarts under the running job.
        long brokerPid = kafka.pid();
        Instant stopped = Instant.now();
        kafka.stop();
        assertThat(kafka.pid()).as("broker process after stop").isEqualTo(-1);
        assertThat(answers(kafka.bootstrapServers())).as("something still answers at %s", kafka.bootstrapServers())
                .isFalse();
        assertThat(cluster.jobStatus(jobId).isGloballyTerminalState()).as("job ended with the broker away").isFalse();
        kafka.start();
        assertThat(kafka.pid()).as("a new broker process").isPositive().isNotEqualTo(brokerPid);
        System.err.println("broker restarted in " + Duration.between(stopped, Instant.now()).toMillis() + " ms, "
                + run.millisSinceSubmission() + " ms after submission; job failures so far: "
                + cluster.exceptionHistory(jobId).size());

        // 2. The store goes away while the second half (only ever on the restarted broker) arrives, and comes back
        // once the job has noticed: its checkpoints fail and it fails over.
        int failuresBefore = cluster.exceptionHistory(jobId).size();
        long restoresBefore = cluster.restores(jobId);
        String endpoint = SESSION.endpoints().get("S3_ENDPOINT");
        s3.stop();
        Instant storeDown = Instant.now();
        try {
            assertThat(answers(endpoint.substring("http://".length()))).as("S3 still answers at %s", endpoint).isFalse();
            halves.produceSecondHalf(kafka.client());
            Instant deadline = storeDown.plus(Duration.ofMinutes(2));
            while (cluster.exceptionHistory(jobId).size() <= failuresBefore) {
                assertThat(Instant.now()).as("the job failed over while S3 was away").isBefore(deadline);
                Thread.sleep(200);
            }
        } finally {
            assertThat(s3.start()).as("S3 back at the same endpoint").isEqualTo(endpoint);
        }
        System.err.println("S3 away for " + Duration.between(storeDown, Instant.now()).toMillis()
                + " ms, until the job failed over");
        cluster.awaitCheckpoint(jobId, restoresBefore + 1, Duration.ofMinutes(3));

        run.drainOnceCommitted(kafka.client(), Duration.ofMinutes(5));
        System.err.println(cluster.restores(jobId) + " restores; exceptions: "
                + cluster.exceptionHistory(jobId).findValuesAsText("exceptionName"));
        run.assertCatalogEqualsBackfillOf(input, work);
    }

    @Test
    @Order(3)
    void downStopsAllThreeByTheirPids() throws Exception {
        Map<String, String> endpoints = new HashMap<>(SESSION.endpoints());
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(SESSION.workDir().resolve("flink").resolve("pids"))) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).strip()));
            }
        }
        pids.add(SESSION.kafka().pid());
        pids.add(Long.parseLong(Files.readString(SESSION.workDir().resolve("s3").resolve("s3proxy.pid")).strip()));
        assertThat(pids).as("JobManager, TaskManager, broker, store").hasSize(4)
                .allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        SESSION.down();

        assertThat(pids).as("processes after down").noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        for (String address : List.of(endpoints.get("FLINK_REST").substring("http://".length()),
                endpoints.get("KAFKA_BOOTSTRAP"), endpoints.get("S3_ENDPOINT").substring("http://".length()))) {
            assertThat(answers(address)).as("something still answers at %s after down", address).isFalse();
        }
        assertThat(SESSION.workDir().resolve("endpoints.env")).doesNotExist();
    }

    /** Whether anything accepts a TCP connection at {@code host:port}. */
    private static boolean answers(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
