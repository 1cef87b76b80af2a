package dev.outagelab.dnsresolver.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;

/**
 * DNS over TCP (RFC 7766): two-byte length framing, several queries per connection answered as they complete,
 * an idle timeout, and a bound on open connections so slow or idle clients cannot exhaust threads.
 */
class TcpListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpListener.class);

    private final ServerSocket server;
    private final QueryProcessor processor;
    private final DnsMetrics metrics;
    private final Duration idleTimeout;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dns-tcp-connection");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;

    TcpListener(InetSocketAddress address, QueryProcessor processor, DnsMetrics metrics, Duration idleTimeout,
            int maxConnections) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        this.processor = processor;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.slots = new Semaphore(maxConnections);
        this.acceptor = new Thread(this::acceptLoop, "dns-tcp-accept");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    boolean bound() {
        return server.isBound() && !server.isClosed();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warnf("TCP accept failed: %s", e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                metrics.dropped(Transport.TCP, "max-connections");
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            connections.execute(() -> {
                try {
                    serve(socket);
                } finally {
                    // The slot first: a client that sees the close can reconnect at once and be served.
                    slots.release();
                    open.remove(socket);
                    closeQuietly(socket);
                }
            });
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] query = readFrame(in);
                if (query == null) {
                    return;
                }
                processor.process(query, Transport.TCP, reply -> write(out, reply));
            }
        } catch (SocketTimeoutException e) {
            LOG.debugf("closing idle TCP connection from %s", socket.getRemoteSocketAddress());
        } catch (IOException e) {
            // Clients that vanish or cut a frame short are routine; toString names EOF, which has no message.
            LOG.debugf("TCP connection from %s ended: %s", socket.getRemoteSocketAddress(), e);
        } catch (RuntimeException e) {
            // A bug, not a client's doing: loud, but only this connection is lost.
            LOG.warnf(e, "TCP connection from %s failed", socket.getRemoteSocketAddress());
        }
    }

    /** The next length-prefixed message, or null when the client closed the connection between messages. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readUnsignedShort();
        } catch (EOFException e) {
            return null;
        }
        byte[] message = new byte[length];
        in.readFully(message);
        return message;
    }

    private static void write(DataOutputStream out, byte[] reply) {
        // Replies may complete out of order on other threads (latency faults): one frame at a time.
        synchronized (out) {
            try {
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            } catch (IOException e) {
                LOG.debugf("TCP reply failed: %s", e.getMessage());
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debugf("closing TCP connection: %s", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        open.forEach(TcpListener::closeQuietly);
        connections.shutdownNow();
        acceptor.join(1000);
    }
}
