package dev.outagelab.lab.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The services' fault API (`/admin/faults` on every management port), as the lab's kill switch uses it. */
public final class FaultClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String token;

    public FaultClient(String token) {
        this.token = token;
    }

    /** Clears every active fault on the instance and returns how many there were. */
    public int clearAll(int managementPort) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/admin/faults"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        return body.path("cleared").asInt();
    }
}
