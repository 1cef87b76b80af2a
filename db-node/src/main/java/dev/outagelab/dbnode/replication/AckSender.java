package dev.outagelab.dbnode.replication;

import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a replica's acknowledgements to its source without holding up the apply loop: at most one is in flight,
 * and while it is, only the newest set waits to follow (each set contains the earlier ones, so nothing is lost by
 * skipping). A failed acknowledgement is dropped: the source then times out and falls back to async, which is
 * exactly what semi-sync promises when a replica cannot answer.
 *
 * <p>A semi-sync source waits on every acknowledgement, so each durable batch is acknowledged at once. An async
 * source only uses them for its binlog retention and its view of the replica, so they go at most once per
 * {@code minInterval}; the newest set waits for the next {@link #acknowledge} call after that (the source's
 * heartbeats bring one at least every heartbeat interval). Acknowledging every batch of an async stream cost a
 * request per write on both nodes and cut the primary's write rate by half.
 */
final class AckSender {

    private final HttpClient http;
    private final URI ackUri;
    private final String token;
    private final UUID replicaUuid;
    private final AtomicReference<GtidSet> waiting = new AtomicReference<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final long minIntervalNanos;
    /** When the last acknowledgement went out; only the apply loop and the send path touch it, under inFlight. */
    private volatile long lastSentNanos;
    private volatile GtidSet lastSent;

    /** @param minInterval zero to acknowledge every batch (semi-sync), else the least time between two */
    AckSender(HttpClient http, String sourceUrl, String token, UUID replicaUuid, Duration minInterval) {
        this.http = http;
        this.ackUri = URI.create(sourceUrl + StreamProtocol.ACK_PATH);
        this.token = token;
        this.replicaUuid = replicaUuid;
        this.minIntervalNanos = minInterval.toNanos();
        this.lastSentNanos = System.nanoTime() - minIntervalNanos;
    }

    /** Records that {@code durable} is on this replica's disk, and sends it when it is due (once). */
    void acknowledge(GtidSet durable) {
        if (!durable.equals(lastSent)) {
            waiting.set(durable);
        }
        sendNext();
    }

    private void sendNext() {
        if (waiting.get() == null || System.nanoTime() - lastSentNanos < minIntervalNanos) {
            return; // nothing new, or not due: the newest set waits for a later acknowledge()
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        GtidSet next = waiting.getAndSet(null);
        if (next == null) {
            inFlight.set(false);
            if (waiting.get() != null) {
                sendNext();
            }
            return;
        }
        lastSentNanos = System.nanoTime();
        lastSent = next;
        String body = new JsonObject().put("replicaUuid", replicaUuid.toString())
                .put("gtidExecuted", next.toString()).encode();
        HttpRequest request = HttpRequest.newBuilder(ackUri)
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.set(false);
            if (waiting.get() != null) {
                sendNext();
            }
        });
    }
}
