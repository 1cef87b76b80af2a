package dev.outagelab.dnsresolver.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

import org.jboss.logging.Logger;

/**
 * The UDP socket and its receiving thread. Answers come from memory, so they are built on this thread;
 * only a latency fault moves a reply to another thread, and {@link DatagramSocket#send} is safe from any.
 */
class UdpListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpListener.class);
    /** Largest UDP payload; a query is small, but reading less would silently cut a malformed one. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final QueryProcessor processor;
    private final Thread thread;

    UdpListener(InetSocketAddress address, QueryProcessor processor) throws IOException {
        this.socket = new DatagramSocket(address);
        this.processor = processor;
        this.thread = new Thread(this::receiveLoop, "dns-udp");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
        thread.join(1000);
    }
}
