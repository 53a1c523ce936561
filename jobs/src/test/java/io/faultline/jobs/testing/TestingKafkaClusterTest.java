package io.faultline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestingKafkaClusterTest {

    @RegisterExtension
    static final TestingKafkaCluster KAFKA = new TestingKafkaCluster();

    /** 127.0.0.1 as /proc/net/tcp and /proc/net/tcp6 print it. */
    private static final String IPV4_LOOPBACK = "0100007F";
    private static final String IPV4_MAPPED_LOOPBACK = "0000000000000000FFFF00000100007F";

    @Test
    void roundTripsLinesThroughATwoPartitionTopic() {
        KAFKA.createTopic("lines", 2);
        List<String> lines = IntStream.range(0, 1000).mapToObj(i -> "line-" + i).collect(Collectors.toList());

        KAFKA.produceLines("lines", lines);
        List<String> read = KAFKA.consumeAll("lines", Duration.ofSeconds(60));

        assertThat(read).containsExactlyInAnyOrderElementsOf(lines);
        // Line i went to partition i % 2, and consumeAll returns partition 0, then partition 1, each in order.
        List<String> expected = Stream.concat(
                IntStream.range(0, 1000).filter(i -> i % 2 == 0).mapToObj(lines::get),
                IntStream.range(0, 1000).filter(i -> i % 2 == 1).mapToObj(lines::get))
            .collect(Collectors.toList());
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void consumeAllOfAnEmptyTopicReturnsNothing() {
        KAFKA.createTopic("empty", 3);

        assertThat(KAFKA.consumeAll("empty", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        assertThat(KAFKA.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        List<InetSocketAddress> listeners = KAFKA.listenerAddresses();
        assertThat(listeners).hasSize(2) // broker and controller
            .allSatisfy(address -> assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));

        // What the kernel reports: each of those ports has exactly one listening socket, bound to 127.0.0.1
        // (Java binds a dual-stack IPv6 socket, so it shows in tcp6 as the IPv4-mapped ::ffff:127.0.0.1).
        Path tcp = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6");
        assumeTrue(Files.isReadable(tcp) || Files.isReadable(tcp6), "no /proc/net/tcp* on this system");
        for (InetSocketAddress listener : listeners) {
            String port = String.format(Locale.ROOT, "%04X", listener.getPort());
            List<String> bound = new ArrayList<>();
            for (Path table : List.of(tcp, tcp6)) {
                if (Files.isReadable(table)) {
                    bound.addAll(listeningAddresses(table, port));
                }
            }
            assertThat(bound).as("listening sockets on port %d", listener.getPort())
                .singleElement().isIn(IPV4_LOOPBACK, IPV4_MAPPED_LOOPBACK);
        }
    }

    @Test
    void reportsItsStartupTime() {
        assertThat(KAFKA.startupTime()).isPositive().isLessThan(Duration.ofMinutes(2));
    }

    /** Hex local addresses of the LISTEN (state 0A) entries for a hex port in a /proc/net/tcp* table. */
    private static List<String> listeningAddresses(Path table, String hexPort) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String line : Files.readAllLines(table)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[3].equals("0A")) {
                continue;
            }
            String[] local = fields[1].split(":");
            if (local.length == 2 && local[1].equalsIgnoreCase(hexPort)) {
                addresses.add(local[0].toUpperCase(Locale.ROOT));
            }
        }
        return addresses;
    }
}
