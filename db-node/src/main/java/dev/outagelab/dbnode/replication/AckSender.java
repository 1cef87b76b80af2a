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
 * Sends a replica's semi-sync acknowledgements to its source without holding up the apply loop: at most one is in
 * flight, and while it is, only the newest set waits to follow (each set contains the earlier ones, so nothing
 * is lost by skipping). A failed acknowledgement is dropped: the source then times out and falls back to async,
 * which is exactly what semi-sync promises when a replica cannot answer.
 */
final class AckSender {

    private final HttpClient http;
    private final URI ackUri;
    private final String token;
    private final UUID replicaUuid;
    private final AtomicReference<GtidSet> waiting = new AtomicReference<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();

    AckSender(HttpClient http, String sourceUrl, String token, UUID replicaUuid) {
        this.http = http;
        this.ackUri = URI.create(sourceUrl + StreamProtocol.ACK_PATH);
        this.token = token;
        this.replicaUuid = replicaUuid;
    }

    void acknowledge(GtidSet durable) {
        waiting.set(durable);
        sendNext();
    }

    private void sendNext() {
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
