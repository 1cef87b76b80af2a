package dev.outagelab.lab.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outagelab.lab.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlServerTest {

    private static final String TOKEN = "test-token-0123456789";

    private final FakeSupervisor fake = new FakeSupervisor();
    private final HttpClient http = HttpClient.newHttpClient();
    private ControlServer server;

    @BeforeEach
    void start() throws IOException {
        server = ControlServer.start(TOKEN, fake);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rejectsRequestsWithoutTheToken() throws Exception {
        HttpResponse<String> response = send("GET", "/instances", null);
        assertEquals(401, response.statusCode());
        assertTrue(Json.MAPPER.readTree(response.body()).has("error"));
    }

    @Test
    void rejectsAWrongTokenAndDoesNothing() throws Exception {
        assertEquals(401, send("POST", "/instances/db-node-east-1/stop", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, send("POST", "/shutdown", TOKEN).statusCode());
        assertEquals(List.of(), fake.calls);
    }

    @Test
    void listsInstancesWithTheToken() throws Exception {
        HttpResponse<String> response = send("GET", "/instances", "Bearer " + TOKEN);
        assertEquals(200, response.statusCode());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("db-node-east-1", body.path("instances").get(0).path("name").asText());
    }

    @Test
    void appliesEveryActionByName() throws Exception {
        assertEquals(200, send("POST", "/instances/db-node-east-1/stop", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("POST", "/instances/db-node-east-1/start", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("POST", "/instances/db-node-east-1/kill", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("POST", "/instances/db-node-east-1/pause", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("POST", "/instances/db-node-east-1/resume", "Bearer " + TOKEN).statusCode());
        assertEquals(404, send("POST", "/instances/db-node-east-1/explode", "Bearer " + TOKEN).statusCode());
        assertEquals(List.of("stop db-node-east-1", "start db-node-east-1", "kill db-node-east-1",
                "pause db-node-east-1", "resume db-node-east-1"), fake.calls);
    }

    @Test
    void anUnknownInstanceIs404WithAJsonError() throws Exception {
        HttpResponse<String> response = send("POST", "/instances/nope/stop", "Bearer " + TOKEN);
        assertEquals(404, response.statusCode());
        assertTrue(Json.MAPPER.readTree(response.body()).path("error").asText().contains("nope"));
    }

    @Test
    void shutdownIsAcceptedAndForwarded() throws Exception {
        assertEquals(202, send("POST", "/shutdown", "Bearer " + TOKEN).statusCode());
        assertEquals(1, fake.shutdowns.get());
    }

    @Test
    void theClientSendsTheTokenAndReportsErrors() throws Exception {
        ControlClient client = new ControlClient(server.port(), TOKEN);
        assertEquals(1, client.instances().instances().size());
        ControlClient.ControlException e = assertThrows(ControlClient.ControlException.class, () -> client.apply("nope", InstanceAction.STOP));
        assertEquals(404, e.status());
        ControlClient wrong = new ControlClient(server.port(), "wrong");
        assertEquals(401, assertThrows(ControlClient.ControlException.class, wrong::instances).status());
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final class FakeSupervisor implements SupervisorControl {
        final List<String> calls = new ArrayList<>();
        final AtomicInteger shutdowns = new AtomicInteger();
        final InstanceRecord record = new InstanceRecord("db-node-east-1", "db-node", "east", 1L, null, 0, null,
                Desired.RUNNING, Phase.RUNNING, true, 8088, 9008, null);

        @Override
        public InstancesDocument instances() {
            return new InstancesDocument(0, "/tmp/x", "now", List.of(record));
        }

        @Override
        public synchronized Optional<InstanceRecord> apply(String name, InstanceAction action) {
            calls.add(action.wireName() + " " + name);
            return name.equals(record.name()) ? Optional.of(record) : Optional.empty();
        }

        @Override
        public void shutdown() {
            shutdowns.incrementAndGet();
        }
    }
}
