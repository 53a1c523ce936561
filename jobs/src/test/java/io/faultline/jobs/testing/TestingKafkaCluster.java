package io.faultline.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node KRaft Kafka broker (kafka 4.2.0, combined broker + controller) running in the test JVM.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestingKafkaCluster KAFKA = new TestingKafkaCluster();
 * }</pre>
 *
 * <p>Started once before the first test of the class that registers it (nested classes share it) and stopped
 * after its last test; its data lives in a fresh temporary directory that is deleted on stop.
 *
 * <p>Everything listens on 127.0.0.1 only (broker and controller listeners, advertised address, quorum voter),
 * and every client made here is pinned to that address. Broker settings that differ from Kafka's defaults:
 * <ul>
 *   <li>internal topics with replication factor 1 and min ISR 1, one partition each
 *       ({@code __consumer_offsets}, {@code __transaction_state});</li>
 *   <li>{@code group.initial.rebalance.delay.ms=0};</li>
 *   <li>{@code auto.create.topics.enable=false}: create topics with {@link #createTopic};</li>
 *   <li>the latest <em>production</em> metadata version and feature levels, unstable APIs off (the stock test
 *       kit enables unstable ones), so clients see what a real 4.2.0 broker offers.</li>
 * </ul>
 * {@code transaction.max.timeout.ms} keeps Kafka's default of 15 minutes, as on a real broker: a Flink
 * exactly-once sink must set {@code transaction.timeout.ms} below it.
 *
 * <p>How: {@link KafkaClusterTestKit} with one combined broker + controller node. Two workarounds on its
 * internals (4.2.0): its builder pre-binds listener sockets on the wildcard address, so a
 * {@link LoopbackSocketFactoryManager} is put in its place by reflection (start fails loudly if that stops
 * working); and its storage formatter prints to {@code System.out}, which is muted while it runs.
 *
 * <p>Not offered: restarting the broker in place. The test kit has no API for it; it would mean rebuilding
 * the node's shared, controller and broker servers from the kit's internals. {@link TestingKafkaBroker} runs a
 * broker in its own JVM, which can be stopped and started again.
 *
 * <p>The clients (topics, producing, reading, committed offsets) are a {@link TestingKafkaClient}, shared with
 * {@link TestingKafkaBroker}; the methods here delegate to it.
 *
 * <p>Not thread-safe: use it from test threads, one test at a time.
 */
public final class TestingKafkaCluster implements BeforeAllCallback, AfterAllCallback {

    private static final String LOOPBACK = "127.0.0.1";
    /** A combined node gets id 0 from {@code TestKitNodes}. */
    private static final int NODE_ID = 0;
    private static final String BROKER_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaClusterTestKit cluster;
    private LoopbackSocketFactoryManager sockets;
    private Path baseDirectory;
    private TestingKafkaClient client;
    private String bootstrapServers;
    private Duration startupTime;
    private String ownerId;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            return; // already started for an enclosing class
        }
        start();
        ownerId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null && context.getUniqueId().equals(ownerId)) {
            stop();
        }
    }

    /** {@code 127.0.0.1:<port>} of the broker listener. */
    public String bootstrapServers() {
        requireStarted();
        return bootstrapServers;
    }

    /** Wall time from {@code beforeAll} until the broker was ready and the admin client connected. */
    public Duration startupTime() {
        requireStarted();
        return startupTime;
    }

    /** The clients of this broker (topics, producing, reading, committed offsets). */
    public TestingKafkaClient client() {
        requireStarted();
        return client;
    }

    /** Creates a topic with replication factor 1 and returns once every partition has a leader. */
    public void createTopic(String name, int partitions) {
        client().createTopic(name, partitions);
    }

    /** See {@link TestingKafkaClient#awaitCommitted}. */
    public void awaitCommitted(String group, Duration timeout, String... topics) throws Exception {
        client().awaitCommitted(group, timeout, topics);
    }

    /** See {@link TestingKafkaClient#produceTraffic}. */
    public void produceTraffic(Path dir, int predictionPartitions) throws Exception {
        client().produceTraffic(dir, predictionPartitions);
    }

    /** See {@link TestingKafkaClient#produceLines}. */
    public void produceLines(String topic, List<String> values) {
        client().produceLines(topic, values);
    }

    /** See {@link TestingKafkaClient#consumeAll}. */
    public List<String> consumeAll(String topic, Duration timeout) {
        return client().consumeAll(topic, timeout);
    }

    /** Addresses the broker's and controller's listeners are bound to (for checks). */
    List<InetSocketAddress> listenerAddresses() throws IOException {
        requireStarted();
        return sockets.boundAddresses();
    }

    private void requireStarted() {
        if (cluster == null) {
            throw new IllegalStateException("TestingKafkaCluster is not running: register it with "
                + "@RegisterExtension on a static field");
        }
    }

    private void start() throws Exception {
        long started = System.nanoTime();
        baseDirectory = Files.createTempDirectory("faultline-kafka-");
        sockets = new LoopbackSocketFactoryManager();
        try {
            // Bind the listener sockets first so their ports can go into this node's listeners and voters.
            ListenerName brokerListener = ListenerName.normalised(BROKER_LISTENER);
            ListenerName controllerListener = ListenerName.normalised(CONTROLLER_LISTENER);
            int brokerPort = sockets.getOrCreatePortForListener(NODE_ID, brokerListener.value());
            int controllerPort = sockets.getOrCreatePortForListener(NODE_ID, controllerListener.value());
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDirectory)
                .setBrokerListenerName(brokerListener)
                .setControllerListenerName(controllerListener)
                .setPerServerProperties(Map.of(NODE_ID, Map.of(
                    "listeners", brokerListener.value() + "://" + LOOPBACK + ":" + brokerPort + ","
                        + controllerListener.value() + "://" + LOOPBACK + ":" + controllerPort,
                    "controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort)))
                .build();

            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("unstable.api.versions.enable", "false")
                .setConfigProp("unstable.feature.versions.enable", "false")
                .setDeleteOnClose(true);
            useLoopbackSockets(builder, sockets);
            cluster = builder.build();
        } catch (Exception | Error e) {
            closeQuietly(sockets, e);
            deleteQuietly(baseDirectory, e);
            cluster = null;
            throw e;
        }
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            List<String> unused = sockets.unusedSockets();
            if (!unused.isEmpty()) {
                throw new IllegalStateException("The broker did not take over the loopback listener sockets "
                    + unused + ": KafkaClusterTestKit internals changed");
            }
            int port = cluster.brokers().get(NODE_ID).boundPort(ListenerName.normalised(BROKER_LISTENER));
            bootstrapServers = LOOPBACK + ":" + port;
            client = new TestingKafkaClient(bootstrapServers);
            startupTime = Duration.ofNanos(System.nanoTime() - started);
        } catch (Exception | Error e) {
            try {
                stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void stop() throws Exception {
        Exception failure = null;
        try {
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            failure = e;
        }
        try {
            if (cluster != null) {
                cluster.close(); // also closes the socket manager
            }
        } catch (Exception e) {
            failure = add(failure, e);
        }
        try {
            deleteRecursively(baseDirectory);
        } catch (IOException e) {
            failure = add(failure, e);
        }
        client = null;
        cluster = null;
        sockets = null;
        baseDirectory = null;
        bootstrapServers = null;
        ownerId = null;
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The test kit's builder binds every listener to the wildcard address through a private
     * {@link PreboundSocketFactoryManager}; replace it so nothing ever listens beyond 127.0.0.1. Fails (rather
     * than silently binding to all interfaces) if the field is gone in another Kafka version.
     */
    private static void useLoopbackSockets(KafkaClusterTestKit.Builder builder, PreboundSocketFactoryManager sockets)
        throws Exception {
        Field field;
        try {
            field = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("KafkaClusterTestKit.Builder has no socketFactoryManager field: "
                + "cannot keep the broker on 127.0.0.1 with this Kafka version", e);
        }
        field.setAccessible(true);
        PreboundSocketFactoryManager original = (PreboundSocketFactoryManager) field.get(builder);
        field.set(builder, sockets);
        original.close(); // has bound nothing yet
    }

    /**
     * {@link KafkaClusterTestKit#format()} runs Kafka's storage formatter, which prints two lines to
     * {@code System.out} and offers no way to silence it through the test kit: keep them out of the test output
     * (and put them in the exception if formatting fails).
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(sink);
            try {
                cluster.format();
            } catch (Exception e) {
                throw new IllegalStateException("Formatting the Kafka storage failed; formatter output:\n"
                    + captured.toString(StandardCharsets.UTF_8), e);
            } finally {
                System.setOut(stdout);
            }
        }
    }

    /** Production metadata version and feature levels instead of the test kit's latest testing ones. */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, features, "faultline-testing");
    }

    private static Exception add(Exception failure, Exception e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path directory, Throwable primary) {
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
