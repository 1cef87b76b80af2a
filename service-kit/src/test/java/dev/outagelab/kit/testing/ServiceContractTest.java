package dev.outagelab.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What every outage-lab service promises, checked from outside over real sockets: health and metrics on the
 * management port, identity in {@code /admin/info}, the admin token, and each fault type observable by a client.
 * A service's test is a one-line {@code @QuarkusTest} subclass naming its component.
 * (Crash is checked in a separate JVM by the lab module's {@code ServiceCrashIT}: here it would end the tests.)
 */
public abstract class ServiceContractTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URL application;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The module name the service reports as its component, e.g. {@code db-node}. */
    protected abstract String component();

    protected String adminToken() {
        return ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
    }

    protected RequestSpecification admin() {
        return given().baseUri(base(management)).header("Authorization", "Bearer " + adminToken());
    }

    protected RequestSpecification anonymousManagement() {
        return given().baseUri(base(management));
    }

    @AfterEach
    void clearFaults() {
        admin().delete("/admin/faults").then().statusCode(200);
    }

    @Test
    void healthEndpointsAnswerUpOnTheManagementPort() {
        for (String probe : new String[] {"live", "ready", "started"}) {
            anonymousManagement().get("/q/health/" + probe).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void prometheusMetricsAreServedOnTheManagementPort() {
        anonymousManagement().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void adminInfoNamesTheInstanceItsComponentAndRegion() {
        admin().get("/admin/info").then().statusCode(200)
                .body("component", equalTo(component()))
                .body("name", notNullValue())
                .body("region", notNullValue())
                .body("pid", equalTo((int) ProcessHandle.current().pid()));
    }

    @Test
    void adminEndpointsRefuseMissingOrWrongTokens() {
        anonymousManagement().get("/admin/info").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unauthorized"));
        anonymousManagement().header("Authorization", "Bearer " + adminToken() + "x").get("/admin/info")
                .then().statusCode(401);
        anonymousManagement().header("Authorization", "Basic " + adminToken()).get("/admin/faults")
                .then().statusCode(401);
        anonymousManagement().contentType(ContentType.JSON).body("{\"type\":\"hang\"}").post("/admin/faults")
                .then().statusCode(401);
        admin().get("/admin/faults").then().statusCode(200).body("faults", hasSize(0));
    }

    @Test
    void latencyFaultDelaysApplicationRequestsUntilCleared() throws Exception {
        String id = inject("{\"type\":\"latency\",\"latency\":\"1s\"}");
        assertTrue(timeWhoami() >= 1000, "a request under a 1s latency fault took at least 1s");
        admin().delete("/admin/faults/" + id).then().statusCode(200);
        assertTrue(timeWhoami() < 1000, "after clearing, requests are no longer delayed");
    }

    @Test
    void errorFaultFailsRequestsAtRoughlyTheGivenRate() throws Exception {
        inject("{\"type\":\"error\",\"rate\":0.5}");
        int calls = 200;
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = whoami(Duration.ofSeconds(5));
            if (response.statusCode() == 503) {
                failures++;
            } else {
                assertEquals(200, response.statusCode());
            }
        }
        // Binomial(200, 0.5): mean 100, standard deviation ~7; 60..140 is more than five deviations wide.
        assertTrue(failures >= 60 && failures <= 140, "failures " + failures + " of " + calls + " at rate 0.5");
    }

    @Test
    void errorFaultAnswersWithTheConfiguredStatusAndAJsonBody() {
        inject("{\"type\":\"error\",\"rate\":1,\"status\":500}");
        given().baseUri(base(application)).get("/whoami").then().statusCode(500)
                .body("error", equalTo("injected_fault"));
    }

    @Test
    void hangFaultHoldsRequestsAndReleasesThemWhenCleared() throws Exception {
        String id = inject("{\"type\":\"hang\"}");
        assertThrows(HttpTimeoutException.class, () -> whoami(Duration.ofMillis(500)),
                "a request to a hung instance gets no answer");
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(whoamiRequest(Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString());
        admin().get("/admin/faults").then().statusCode(200).body("faults[0].type", equalTo("hang"));
        admin().delete("/admin/faults/" + id).then().statusCode(200);
        assertEquals(200, held.get().statusCode(), "a held request is answered once the hang is cleared");
    }

    @Test
    void faultWithADurationExpiresByItself() throws Exception {
        long injectedBefore = System.nanoTime();
        String expiresAt = postFault("{\"type\":\"error\",\"rate\":1,\"duration\":\"3s\"}").then().statusCode(201)
                .extract().path("expiresAt");
        assertTrue(expiresAt != null && !expiresAt.isBlank(), "a fault with a duration says when it expires");
        int firstStatus = whoami(Duration.ofSeconds(5)).statusCode();
        // A request answered less than 3s after we asked for the fault was decided while it was active.
        if (System.nanoTime() - injectedBefore < Duration.ofSeconds(3).toNanos()) {
            assertEquals(503, firstStatus);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (whoami(Duration.ofSeconds(5)).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the 3s fault expired within 15s");
        }
        admin().get("/admin/faults").then().statusCode(200).body("faults", hasSize(0));
    }

    @Test
    void applicationFaultsLeaveProbesAloneButTargetAllReachesThem() {
        inject("{\"type\":\"error\",\"rate\":1}");
        anonymousManagement().get("/q/health/ready").then().statusCode(200);
        inject("{\"type\":\"error\",\"rate\":1,\"target\":\"all\"}");
        anonymousManagement().get("/q/health/ready").then().statusCode(503);
        admin().get("/admin/faults").then().statusCode(200).body("faults", hasSize(2));
    }

    @Test
    void badFaultRequestsAreRefusedWithAMessageNamingTheProblem() {
        postFault("{\"type\":\"meteor\"}").then().statusCode(400).body("message", containsString("'type'"));
        postFault("{\"type\":\"latency\"}").then().statusCode(400).body("message", containsString("'latency'"));
        postFault("{\"type\":\"latency\",\"latencyMs\":5}").then().statusCode(400)
                .body("message", containsString("latencyMs"));
        postFault("{\"type\":\"error\",\"rate\":1.5}").then().statusCode(400).body("message", containsString("'rate'"));
        postFault("{\"type\":\"crash\",\"duration\":\"10s\"}").then().statusCode(400)
                .body("message", containsString("crash"));
        postFault("{\"type\":\"hang\",\"duration\":\"forever\"}").then().statusCode(400)
                .body("message", containsString("'duration'"));
        postFault("not json").then().statusCode(400).body("error", equalTo("bad_request"));
        postFault("{\"type\":\"hang\",\"pad\":\"" + "x".repeat(20_000) + "\"}").then().statusCode(413);
        admin().delete("/admin/faults/f999999").then().statusCode(404).body("error", equalTo("not_found"));
        admin().get("/admin/faults").then().statusCode(200).body("faults", hasSize(0));
    }

    private io.restassured.response.Response postFault(String body) {
        return admin().contentType(ContentType.JSON).body(body).post("/admin/faults");
    }

    private String inject(String body) {
        return postFault(body).then().statusCode(201).extract().path("id");
    }

    private long timeWhoami() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, whoami(Duration.ofSeconds(5)).statusCode());
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private HttpResponse<String> whoami(Duration timeout) throws Exception {
        return http.send(whoamiRequest(timeout), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest whoamiRequest(Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base(application) + "/whoami")).timeout(timeout).GET().build();
    }

    /** Scheme, host and port only: the management URL Quarkus injects ends in its root path (/q). */
    private static String base(URL url) {
        return url.getProtocol() + "://" + url.getHost() + ":" + url.getPort();
    }
}
