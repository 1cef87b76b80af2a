package dev.outagelab.dbnode.replication;

import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Asks another node, on its app port, who it is and what it has executed (replicate-from, the ledger). */
public final class SourceClient {

    /** Another node as it described itself. */
    public record NodeInfo(String url, UUID uuid, String name, String role, GtidSet executed) {
    }

    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    public SourceClient(String token, Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.token = token;
        this.timeout = timeout;
    }

    /** @throws IOException naming the URL, when it cannot be reached or does not answer as a db-node */
    public NodeInfo describe(String baseUrl) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + StreamProtocol.STATUS_PATH))
                .timeout(timeout.multipliedBy(2))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + baseUrl, e);
        } catch (IOException e) {
            throw new IOException("cannot reach " + baseUrl + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(baseUrl + StreamProtocol.STATUS_PATH + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        try {
            JsonObject body = new JsonObject(response.body());
            return new NodeInfo(baseUrl, UUID.fromString(body.getString("uuid")), body.getString("name"),
                    body.getString("role"), GtidSet.parse(body.getString("gtidExecuted", "")));
        } catch (DecodeException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(baseUrl + " is not a db-node: " + abbreviate(response.body()), e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
