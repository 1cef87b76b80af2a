package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * The UDP socket and its receiving threads. Answers come from memory, so each is built on the thread that received
 * its query; only a latency fault or forwarding moves a reply to another thread, and {@link DatagramSocket#send} is
 * safe from any. Several threads share the one socket: while one parses and answers, the next is already receiving,
 * so every core answers and the socket's queue drains faster than one thread could (one thread lost queries under
 * dnsperf). One socket, not one per thread with SO_REUSEPORT, so a second process can never share our port.
 */
class UdpListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpListener.class);
    /** Largest UDP payload; a query is small, but reading less would silently cut a malformed one. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final QueryProcessor processor;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param threads       receiving threads, at least 1
     * @param receiveBuffer SO_RCVBUF in bytes (the kernel caps it at net.core.rmem_max); 0 leaves the system's
     */
    UdpListener(InetSocketAddress address, QueryProcessor processor, int threads, int receiveBuffer)
            throws IOException {
        this.socket = new DatagramSocket(null);
        if (receiveBuffer > 0) {
            // Set before binding, so the buffer is in place before the first query can arrive.
            socket.setReceiveBufferSize(receiveBuffer);
        }
        try {
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        this.processor = processor;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::receiveLoop, "dns-udp-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    /** One receiving thread and the system's buffer, for tests. */
    UdpListener(InetSocketAddress address, QueryProcessor processor) throws IOException {
        this(address, processor, 1, 0);
    }

    void start() {
        threads.forEach(Thread::start);
    }

    boolean bound() {
        return socket.isBound() && !socket.isClosed();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warnf("UDP receive failed: %s", e.getMessage());
                }
                continue;
            }
            byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                    packet.getOffset() + packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                processor.process(query, Transport.UDP, reply -> send(reply, client));
            } catch (RuntimeException e) {
                // One bad packet must never stop the loop that serves everyone else.
                LOG.warnf(e, "UDP query from %s failed", client);
            }
        }
    }

    private void send(byte[] reply, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(reply, reply.length, client));
        } catch (IOException e) {
            LOG.debugf("UDP reply to %s failed: %s", client, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        for (Thread thread : threads) {
            thread.join(1000);
        }
    }
}
