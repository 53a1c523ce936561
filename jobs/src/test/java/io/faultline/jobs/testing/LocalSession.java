package io.faultline.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The laptop session of {@code deploy/local/up} for the tests of one class: a Flink session cluster with the S3
 * plugin (one TaskManager, 2 slots), a KRaft Kafka broker and an S3-compatible server, each in its own JVM on
 * 127.0.0.1, started before the class and stopped after it with {@code deploy/local/down} (also from a shutdown
 * hook if the JVM dies first). Register it as a static {@code @RegisterExtension} field. Handles on the three
 * parts: {@link #cluster()}, {@link #kafka()} (restartable), {@link #s3()} (stoppable). State and logs stay under
 * {@link #workDir()}.
 */
public final class LocalSession implements BeforeAllCallback, AfterAllCallback {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

    private final Map<String, String> flinkConfiguration = new TreeMap<>();
    private Path workDir;
    private String upOutput;
    private Map<String, String> endpoints;
    private Duration startTime;
    private StandaloneFlinkCluster cluster;
    private TestingKafkaBroker kafka;
    private TestingS3Process s3;
    private Thread shutdownHook;

    /** Extra Flink {@code config.yaml} entries for the cluster ({@code deploy/local/up --conf}). */
    public LocalSession withConfiguration(Map<String, String> entries) {
        flinkConfiguration.putAll(entries);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = Path.of("target", "local-session",
                context.getRequiredTestClass().getSimpleName() + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(workDir);
        shutdownHook = new Thread(this::downQuietly, "stop local session");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        List<String> args = new ArrayList<>(List.of("--workdir", workDir.toString(), "--taskmanagers", "1"));
        flinkConfiguration.forEach((key, value) -> {
            args.add("--conf");
            args.add(key + "=" + value);
        });
        Instant started = Instant.now();
        upOutput = DeployScripts.run(DeployScripts.locate("up"), UP_TIMEOUT, args.toArray(String[]::new));
        startTime = Duration.between(started, Instant.now());
        endpoints = readEndpoints(workDir.resolve("endpoints.env"));
        cluster = StandaloneFlinkCluster.running(workDir.resolve("flink"));
        kafka = new TestingKafkaBroker(workDir.resolve("kafka"));
        s3 = new TestingS3Process(workDir.resolve("s3"), endpoints.get("S3_BUCKET"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        downQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Runs {@code deploy/local/down} (again, if it ran already: it stops whatever is still running). */
    public void down() throws IOException, InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
        DeployScripts.run(DeployScripts.locate("down"), Duration.ofMinutes(2), "--workdir", workDir.toString());
    }

    /** What {@code deploy/local/up} printed: the endpoints and the commands to use. */
    public String upOutput() {
        return upOutput;
    }

    /** {@code endpoints.env} as {@code up} wrote it: FLINK_REST, KAFKA_BOOTSTRAP, S3_ENDPOINT, S3_BUCKET, ... */
    public Map<String, String> endpoints() {
        return endpoints;
    }

    public Duration startTime() {
        return startTime;
    }

    public Path workDir() {
        return workDir;
    }

    public StandaloneFlinkCluster cluster() {
        return cluster;
    }

    public TestingKafkaBroker kafka() {
        return kafka;
    }

    public TestingS3Process s3() {
        return s3;
    }

    private static Map<String, String> readEndpoints(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private void downQuietly() {
        if (workDir == null) {
            return;
        }
        try {
            down();
        } catch (Exception e) {
            System.err.println("could not stop the local session in " + workDir + ": " + e);
        }
    }
}
