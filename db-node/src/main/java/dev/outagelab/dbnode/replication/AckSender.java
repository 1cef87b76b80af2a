package dev.outagelab.dbnode.replication;

import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends a replica's acknowledgements to its source from a thread of its own, so the apply loop never waits for
 * one: only the newest set waits to go (each set contains the earlier ones, so nothing is lost by skipping). A
 * failed acknowledgement is dropped: the source then times out and falls back to async, which is exactly what
 * semi-sync promises when a replica cannot answer.
 *
 * <p>A semi-sync source waits on every acknowledgement, so each durable batch is acknowledged at once. An async
 * source only uses them for its binlog retention and its view of the replica, so they go at most once per
 * {@code minInterval}; the newest set waits for the next {@link #acknowledge} call after that (the source's
 * heartbeats bring one at least every heartbeat interval). Acknowledging every batch of an async stream cost a
 * request per write on both nodes and cut the primary's write rate by half.
 *
 * <p>Requests go over one kept-alive connection ({@link HttpURLConnection} reuses it when each answer is read to
 * its end). The JDK's asynchronous {@code HttpClient} used before took several thread hops per request, about
 * 2 ms of every semi-sync write.
 */
final class AckSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AckSender.class);
    private static final int TIMEOUT_MILLIS = 5_000;

    private final URL ackUrl;
    private final String token;
    private final UUID replicaUuid;
    private final long minIntervalNanos;
    private final Object lock = new Object();
    private final Thread thread;

    // Guarded by lock.
    private GtidSet waiting;
    private GtidSet lastSent;
    private long lastSentNanos;
    private boolean closed;

    /** @param minInterval zero to acknowledge every batch (semi-sync), else the least time between two */
    AckSender(String sourceUrl, String token, UUID replicaUuid, Duration minInterval) {
        try {
            this.ackUrl = URI.create(sourceUrl + StreamProtocol.ACK_PATH).toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a source URL: " + sourceUrl, e);
        }
        this.token = token;
        this.replicaUuid = replicaUuid;
        this.minIntervalNanos = minInterval.toNanos();
        this.lastSentNanos = System.nanoTime() - minIntervalNanos;
        this.thread = new Thread(this::run, "replication-ack-to-" + sourceUrl);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records that {@code durable} is on this replica's disk; it is sent when due, once. */
    void acknowledge(GtidSet durable) {
        synchronized (lock) {
            if (!durable.equals(lastSent)) {
                waiting = durable;
                lock.notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            GtidSet next;
            synchronized (lock) {
                while (!closed && !due()) {
                    try {
                        if (waiting == null) {
                            lock.wait();
                        } else {
                            long leftNanos = minIntervalNanos - (System.nanoTime() - lastSentNanos);
                            lock.wait(Math.max(1, leftNanos / 1_000_000L));
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = waiting;
                waiting = null;
                lastSent = next;
                lastSentNanos = System.nanoTime();
            }
            send(next);
        }
    }

    private boolean due() {
        return waiting != null && System.nanoTime() - lastSentNanos >= minIntervalNanos;
    }

    private void send(GtidSet executed) {
        byte[] body = new JsonObject().put("replicaUuid", replicaUuid.toString())
                .put("gtidExecuted", executed.toString()).encode().getBytes(StandardCharsets.UTF_8);
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) ackUrl.openConnection();
            http.setConnectTimeout(TIMEOUT_MILLIS);
            http.setReadTimeout(TIMEOUT_MILLIS);
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(body.length);
            http.setRequestProperty("Authorization", "Bearer " + token);
            http.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int code = http.getResponseCode();
            // Read to the end, error body included, so the connection goes back to the keep-alive cache.
            try (InputStream answer = code < 400 ? http.getInputStream() : http.getErrorStream()) {
                if (answer != null) {
                    answer.readAllBytes();
                }
            }
            if (code != 204 && code != 200) {
                LOG.debugf("the source answered %d to an acknowledgement", code);
            }
        } catch (IOException e) {
            LOG.debugf("acknowledgement to %s failed: %s", ackUrl, e);
            if (http != null) {
                http.disconnect();
            }
            synchronized (lock) {
                if (lastSent == executed) {
                    lastSent = null; // lost: the next acknowledge() sends it again
                }
            }
        }
    }

    /** Stops the sender; an acknowledgement being sent finishes or times out on its own. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
