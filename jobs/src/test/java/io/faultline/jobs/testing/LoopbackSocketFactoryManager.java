package io.faultline.jobs.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * A {@link PreboundSocketFactoryManager} that binds every pre-bound listener socket to 127.0.0.1.
 *
 * <p>The stock manager in kafka-test-common-runtime 4.2.0 binds with {@code new InetSocketAddress(0)}, i.e. the
 * wildcard address, and hands that socket to the broker regardless of the host in {@code listeners}: the test
 * broker would accept connections on every interface. {@link TestingKafkaCluster} swaps this class in.
 *
 * <p>The broker obtains sockets through {@code PreboundSocketFactory}, which calls the (overridden)
 * {@link #getSocketForListenerAndMarkAsUsed}; if the socket is still open it is used as is, and if it was
 * closed (a broker restart) the factory binds again on the same port with the host from {@code listeners}.
 */
final class LoopbackSocketFactoryManager extends PreboundSocketFactoryManager {

    static final InetAddress LOOPBACK = loopbackV4();

    private final Map<Integer, Map<String, ServerSocketChannel>> sockets = new HashMap<>();
    private final Map<Integer, Set<String>> usedSockets = new HashMap<>();
    private boolean closed;

    @Override
    public synchronized int getOrCreatePortForListener(int nodeId, String listener) throws IOException {
        Map<String, ServerSocketChannel> byListener = sockets.computeIfAbsent(nodeId, id -> new HashMap<>());
        ServerSocketChannel channel = byListener.get(listener);
        if (channel == null) {
            if (closed) {
                throw new IllegalStateException("Cannot open new socket: manager is closed.");
            }
            channel = ServerSocketFactory.INSTANCE.openServerSocket(
                listener, new InetSocketAddress(LOOPBACK, 0), -1, -1);
            byListener.put(listener, channel);
        }
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public synchronized ServerSocketChannel getSocketForListenerAndMarkAsUsed(int nodeId, String listener) {
        Map<String, ServerSocketChannel> byListener = sockets.get(nodeId);
        if (byListener == null) {
            return null;
        }
        ServerSocketChannel channel = byListener.get(listener);
        if (channel == null) {
            return null;
        }
        usedSockets.computeIfAbsent(nodeId, id -> new HashSet<>()).add(listener);
        return channel;
    }

    /** Listener sockets that were bound here but never handed to a server (should be none once started). */
    synchronized List<String> unusedSockets() {
        List<String> unused = new ArrayList<>();
        sockets.forEach((nodeId, byListener) -> byListener.keySet().forEach(listener -> {
            if (!usedSockets.getOrDefault(nodeId, Set.of()).contains(listener)) {
                unused.add(nodeId + "/" + listener);
            }
        }));
        return unused;
    }

    /** Local addresses of every socket bound here. */
    synchronized List<InetSocketAddress> boundAddresses() throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Map<String, ServerSocketChannel> byListener : sockets.values()) {
            for (ServerSocketChannel channel : byListener.values()) {
                if (channel.isOpen()) {
                    addresses.add((InetSocketAddress) channel.getLocalAddress());
                }
            }
        }
        return addresses;
    }

    /** Closes the sockets no server took over; the servers close the ones they use. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        Exception first = null;
        for (Map.Entry<Integer, Map<String, ServerSocketChannel>> node : sockets.entrySet()) {
            Set<String> used = usedSockets.getOrDefault(node.getKey(), Set.of());
            for (Map.Entry<String, ServerSocketChannel> socket : node.getValue().entrySet()) {
                if (!used.contains(socket.getKey())) {
                    try {
                        socket.getValue().close();
                    } catch (IOException e) {
                        if (first == null) {
                            first = e;
                        }
                    }
                }
            }
        }
        super.close();
        if (first != null) {
            throw first;
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return Inet4Address.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
