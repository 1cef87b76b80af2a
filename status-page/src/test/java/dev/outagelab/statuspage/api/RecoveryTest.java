package dev.outagelab.statuspage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.Eventually;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The orchestrator fake flips; Orchestration and its incident follow, over the API and the stream. */
@QuarkusTest
class RecoveryTest {

    private static final String ORCHESTRATION = "components.find { it.name == 'Orchestration' }";
    private static final String TOKEN = "test-admin-token-not-secret";

    @ConfigProperty(name = "fake.orchestrator-flapping.url")
    String flappingUrl;

    @TestHTTPResource("/")
    URL app;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void restoreHealthyFake() {
        given().post(flappingUrl + "/control/200").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(10), () -> given().get("/api/v2/summary.json")
                .then().body(ORCHESTRATION + ".status", equalTo("operational")));
        // Each test starts with no open Orchestration incident (quiet period is 1s in tests).
        Eventually.within(Duration.ofSeconds(10), () -> assertNull(openOrchestrationIncident()));
    }

    private String admin(String path) {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort() + path;
    }

    private static String openOrchestrationIncident() {
        return given().get("/api/v2/incidents/unresolved.json").then().statusCode(200)
                .extract().path("incidents.find { it.name == 'Orchestration down' }.id");
    }

    @Test
    void incidentOpensWhenAComponentFailsThenGoesToMonitoringAndResolvesAfterQuiet() {
        given().post(flappingUrl + "/control/503").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(ORCHESTRATION + ".status", equalTo("major_outage"))
                .body(ORCHESTRATION + ".description", containsString("orchestrator-flapping (HTTP 503)"))
                .body("incidents.find { it.name == 'Orchestration down' }.status", equalTo("investigating"))
                .body("incidents.find { it.name == 'Orchestration down' }.components[0].name", equalTo("Orchestration")));
        String id = openOrchestrationIncident();

        given().post(flappingUrl + "/control/200").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().get("/api/v2/incidents.json")
                .then().statusCode(200)
                .body("incidents.find { it.id == '" + id + "' }.status", equalTo("monitoring"))
                .body("incidents.find { it.id == '" + id + "' }.monitoring_at", notNullValue())
                .body("incidents.find { it.id == '" + id + "' }.incident_updates[0].body",
                        equalTo("Orchestration is operational again. We are monitoring.")));
        // Quiet period is 1s in tests.
        Eventually.within(Duration.ofSeconds(5), () -> given().get("/api/v2/incidents.json")
                .then().statusCode(200)
                .body("incidents.find { it.id == '" + id + "' }.status", equalTo("resolved"))
                .body("incidents.find { it.id == '" + id + "' }.resolved_at", matchesPattern(".+Z"))
                .body("incidents.find { it.id == '" + id + "' }.incident_updates.status",
                        contains("resolved", "monitoring", "investigating"))
                .body("incidents.find { it.id == '" + id + "' }.incident_updates[0].body",
                        equalTo("Operational for 1s; resolved.")));
    }

    @Test
    void aHangIsAnOutageWithItsTimeoutAsTheReason() {
        given().post(flappingUrl + "/control/hang").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(ORCHESTRATION + ".status", equalTo("major_outage"))
                .body(ORCHESTRATION + ".description", containsString("orchestrator-flapping (timeout after 150ms)")));
    }

    @Test
    void aPersonWithTheTokenPostsUpdatesAndWithoutItGets401() {
        given().post(flappingUrl + "/control/503").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().get("/api/v2/summary.json").then()
                .body(ORCHESTRATION + ".status", equalTo("major_outage"))
                .body("incidents.find { it.name == 'Orchestration down' }.status", equalTo("investigating")));
        String id = openOrchestrationIncident();
        String update = "{\"status\":\"identified\",\"body\":\"The leader's disk is full.\"}";

        given().contentType("application/json").body(update).post(admin("/admin/incidents/" + id + "/updates"))
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        RequestSpecification asAdmin = given().header("Authorization", "Bearer " + TOKEN).contentType("application/json");
        asAdmin.body("{\"status\":\"fixed\",\"body\":\"x\"}").post(admin("/admin/incidents/" + id + "/updates"))
                .then().statusCode(400).body("message", containsString("'status'"));
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(update)
                .post(admin("/admin/incidents/" + id + "/updates"))
                .then().statusCode(200).body("status", equalTo("identified"));
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json")
                .body("{\"impact\":\"minor\"}").post(admin("/admin/incidents/" + id + "/impact"))
                .then().statusCode(200).body("impact", equalTo("minor"));
        given().get("/api/v2/incidents/unresolved.json").then()
                .body("incidents.find { it.id == '" + id + "' }.status", equalTo("identified"))
                .body("incidents.find { it.id == '" + id + "' }.impact", equalTo("minor"))
                .body("incidents.find { it.id == '" + id + "' }.incident_updates[0].body",
                        equalTo("The leader's disk is full."));

        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json")
                .body("{\"body\":\"Disk cleaned; leader re-elected.\"}").post(admin("/admin/incidents/" + id + "/resolve"))
                .then().statusCode(200).body("status", equalTo("resolved"));
        given().get("/api/v2/incidents.json").then()
                .body("incidents.find { it.id == '" + id + "' }.status", equalTo("resolved"));
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(update)
                .post(admin("/admin/incidents/nosuchincident/updates")).then().statusCode(404);
    }

    @Test
    void onlyAPersonWithTheTokenPutsAComponentUnderMaintenance() {
        String status = "components.find { it.name == 'Status page' }";
        String on = "{\"enabled\":true,\"note\":\"moving the page to new hardware\"}";
        given().contentType("application/json").body(on).post(admin("/admin/components/status-page/maintenance"))
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body("{\"enabled\":\"yes\"}")
                .post(admin("/admin/components/status-page/maintenance")).then().statusCode(400);
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(on)
                .post(admin("/admin/components/no-such-component/maintenance")).then().statusCode(404);
        try {
            given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(on)
                    .post(admin("/admin/components/status-page/maintenance"))
                    .then().statusCode(200).body("status", equalTo("under_maintenance"));
            given().get("/api/v2/summary.json").then()
                    .body(status + ".status", equalTo("under_maintenance"))
                    .body(status + ".description", containsString("moving the page to new hardware"));
            // Probes keep running underneath, but a maintenance is not an outage: it stays as the person set it.
            long rounds = given().get("/api/lab/instances.json").then().extract().jsonPath().getLong("rounds_completed");
            Eventually.within(Duration.ofSeconds(5), () -> assertTrue(given().get("/api/lab/instances.json").then()
                    .extract().jsonPath().getLong("rounds_completed") >= rounds + 5));
            given().get("/api/v2/summary.json").then().body(status + ".status", equalTo("under_maintenance"));
        } finally {
            given().header("Authorization", "Bearer " + TOKEN).contentType("application/json")
                    .body("{\"enabled\":false}").post(admin("/admin/components/status-page/maintenance"))
                    .then().statusCode(200).body("status", equalTo("operational"));
        }
        given().get("/api/v2/summary.json").then().body(status + ".status", equalTo("operational"));
    }

    @Test
    void theStreamPushesAChangeWithoutBeingAsked() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.toString()).resolve("/api/stream"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            given().post(flappingUrl + "/control/503").then().statusCode(204);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                String event = null;
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:") && "summary".equals(event)
                                && line.matches(".*\"name\":\"Orchestration\",\"status\":\"major_outage\".*")) {
                            return line;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            String data = seen.get(10, TimeUnit.SECONDS);
            assertTrue(data != null && data.contains("Orchestration down"), "the pushed summary carries the incident");
        }
    }
}
