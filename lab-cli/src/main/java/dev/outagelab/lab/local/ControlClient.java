package dev.outagelab.lab.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outagelab.lab.http.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a running supervisor's control API. */
public final class ControlClient {

    // Stopping an instance may take the whole SIGTERM grace period before the supervisor answers.
    private static final Duration REQUEST_TIMEOUT = LabProcesses.GRACE.plusSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String token;

    public ControlClient(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public InstancesDocument instances() throws IOException {
        return Json.MAPPER.readValue(call("GET", "/instances"), InstancesDocument.class);
    }

    public InstanceRecord apply(String name, InstanceAction action) throws IOException {
        return Json.MAPPER.readValue(call("POST", "/instances/" + name + "/" + action.wireName()),
                InstanceRecord.class);
    }

    public void shutdown() throws IOException {
        call("POST", "/shutdown");
    }

    private String call(String method, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ControlException(response.statusCode(), errorMessage(response.body()));
        }
        return response.body();
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node.path("error").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    /** The supervisor answered, but with an error status. */
    public static final class ControlException extends IOException {
        private final int status;

        public ControlException(int status, String message) {
            super(message + " (HTTP " + status + ")");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
