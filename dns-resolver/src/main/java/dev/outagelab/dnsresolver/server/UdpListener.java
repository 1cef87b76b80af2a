package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * The UDP socket and its receiving threads. Answers come from memory, so each is built on the thread that received
 * its query; only a latency fault or forwarding moves a reply to another thread, and {@link DatagramChannel#send} is
 * safe from any. Several threads share the one socket: while one parses and answers, the next is already receiving,
 * so every core answers and the socket's queue drains faster than one thread could (one thread lost queries under
 * dnsperf). One socket, not one per thread with SO_REUSEPORT, so a second process can never share our port. The
 * socket is a blocking {@link DatagramChannel} read into a direct buffer per thread: the classic DatagramSocket
 * API goes through an adaptor that copies every datagram once more.
 */
class UdpListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpListener.class);
    /** Largest UDP payload; a query is small, but reading less would silently cut a malformed one. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel socket;
    private final QueryProcessor processor;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param threads       receiving threads, at least 1
     * @param receiveBuffer SO_RCVBUF in bytes (the kernel caps it at net.core.rmem_max); 0 leaves the system's
     */
    UdpListener(InetSocketAddress address, QueryProcessor processor, int threads, int receiveBuffer)
            throws IOException {
        this.socket = DatagramChannel.open();
        try {
            if (receiveBuffer > 0) {
                // Set before binding, so the buffer is in place before the first query can arrive.
                socket.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
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
        return socket.isOpen() && localAddress() != null;
    }

    InetSocketAddress address() {
        return localAddress();
    }

    private InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException e) {
            return null; // closed
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (socket.isOpen()) {
            SocketAddress client;
            buffer.clear();
            try {
                client = socket.receive(buffer);
            } catch (IOException e) {
                if (socket.isOpen()) {
                    LOG.warnf("UDP receive failed: %s", e.getMessage());
                }
                continue;
            }
            buffer.flip();
            byte[] query = new byte[buffer.remaining()];
            buffer.get(query);
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
            socket.send(ByteBuffer.wrap(reply), client);
        } catch (IOException e) {
            LOG.debugf("UDP reply to %s failed: %s", client, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.close(); // wakes the receiving threads with AsynchronousCloseException
        } catch (IOException e) {
            LOG.debugf("closing the UDP socket: %s", e.getMessage());
        }
        for (Thread thread : threads) {
            thread.join(1000);
        }
    }
}
