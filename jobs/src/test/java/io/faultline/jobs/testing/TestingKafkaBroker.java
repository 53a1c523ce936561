package io.faultline.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A single-node KRaft Kafka broker (kafka 4.2.0, combined broker + controller) in its own JVM on 127.0.0.1, run by
 * {@code deploy/local/kafka} from Maven Central jars, for tests that restart the broker: {@link #stop()} sends
 * SIGTERM and returns once the JVM has exited, {@link #start()} starts it again with the same log directory and
 * the same port, so topics, records and committed consumer-group offsets survive and clients reconnect to the
 * same address. (The in-JVM {@link TestingKafkaCluster} starts faster but cannot restart.)
 *
 * <p>A handle on the broker directory {@code deploy/local/kafka --workdir} names: the broker may have been started
 * by {@code deploy/local/up} (see {@link LocalSession}) or by {@link #start()}. Whoever started it stops it;
 * {@link #close()} only closes the clients.
 */
public final class TestingKafkaBroker implements AutoCloseable {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    private final Path script = DeployScripts.locate("kafka");
    private final Path workDir;
    private String bootstrapServers;
    private TestingKafkaClient client;

    public TestingKafkaBroker(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
    }

    /**
     * Starts the broker ({@code deploy/local/kafka start}); the first start in a directory picks the port and
     * formats the log directory, later ones reuse both. Returns once the broker logged that it has started.
     */
    public void start() throws IOException, InterruptedException {
        String address = DeployScripts.lastLine(DeployScripts.run(script, SCRIPT_TIMEOUT, "start", "--workdir",
                workDir.toString(), "--timeout", "90"));
        if (bootstrapServers != null && !bootstrapServers.equals(address)) {
            throw new IllegalStateException("the broker came back at " + address + ", not " + bootstrapServers);
        }
        bootstrapServers = address;
    }

    /** SIGTERM, then waits until the JVM has exited (a controlled shutdown; SIGKILL only after 30 s). */
    public void stop() throws IOException, InterruptedException {
        DeployScripts.run(script, SCRIPT_TIMEOUT, "stop", "--workdir", workDir.toString());
    }

    /** {@code 127.0.0.1:<port>}; the same across restarts. */
    public String bootstrapServers() throws IOException {
        if (bootstrapServers == null) {
            Path file = workDir.resolve("bootstrap-servers");
            if (!Files.exists(file)) {
                throw new IllegalStateException("no broker running in " + workDir);
            }
            bootstrapServers = Files.readString(file).strip();
        }
        return bootstrapServers;
    }

    /** The clients of this broker (connected on first use); they reconnect by themselves after a restart. */
    public TestingKafkaClient client() throws Exception {
        if (client == null) {
            client = new TestingKafkaClient(bootstrapServers());
        }
        return client;
    }

    /** The broker JVM's process id, or -1 while it is stopped. */
    public long pid() throws IOException {
        Path file = workDir.resolve("kafka.pid");
        if (!Files.exists(file)) {
            return -1;
        }
        long pid = Long.parseLong(Files.readString(file).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : -1;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
