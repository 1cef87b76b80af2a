package dev.outagelab.statuspage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.Eventually;
import dev.outagelab.statuspage.core.ComponentIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StatuspageApiTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String ID = "[a-z0-9]{12}";

    @BeforeEach
    void everyTargetProbedOnce() {
        Eventually.within(Duration.ofSeconds(10), () -> given().when().get("/api/lab/instances.json")
                .then().statusCode(200)
                .body("instances.state", everyItem(not(equalTo("unknown")))));
    }

    private static String child(String name) {
        return "components.find { it.name == '" + name + "' }";
    }

    @Test
    void summaryReportsAnswering200AsOperationalAndEverythingElseAsMajorOutageWithItsReason() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .contentType(containsString("application/json"))
                .body(child("db-node-healthy") + ".status", equalTo("operational"))
                .body(child("db-node-healthy") + ".description", equalTo("region east"))
                .body(child("db-node-broken") + ".status", equalTo("major_outage"))
                .body(child("db-node-broken") + ".description", equalTo("region west — HTTP 503"))
                .body(child("dns-resolver-hung") + ".status", equalTo("major_outage"))
                .body(child("dns-resolver-hung") + ".description", equalTo("region cloud — timeout after 150ms"))
                .body(child("dns-resolver-gone") + ".status", equalTo("major_outage"))
                .body(child("dns-resolver-gone") + ".description", equalTo("region east — connection refused"));
    }

    @Test
    void groupIsPartialOutageWhenSomeInstancesAreDownAndMajorOutageWhenAllAre() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(child("db-node") + ".status", equalTo("partial_outage"))
                .body(child("dns-resolver") + ".status", equalTo("major_outage"));
    }

    @Test
    void pageIndicatorIsCriticalWhileAWholeGroupIsDown() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body("status.indicator", equalTo("critical"))
                .body("status.description", equalTo("Major Service Outage"));
    }

    @Test
    void groupsComeInLabOrderAndListTheirInstancesByStableIds() {
        JsonPath summary = given().when().get("/api/v2/summary.json").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("dns-resolver", "db-node", "orchestrator"),
                summary.getList("components.findAll { it.group }.name"), "groups in lab order");
        given().when().get("/api/v2/summary.json")
                .then()
                .body(child("db-node") + ".id", equalTo(ComponentIds.group("db-node")))
                .body(child("db-node") + ".components", contains(
                        ComponentIds.instance("db-node-healthy"), ComponentIds.instance("db-node-broken")))
                .body(child("db-node-broken") + ".group_id", equalTo(ComponentIds.group("db-node")))
                .body(child("db-node-broken") + ".id", equalTo(ComponentIds.instance("db-node-broken")));
    }

    @Test
    void summaryHasTheStatuspageV2Shape() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body("$", hasKey("page"))
                .body("page.id", matchesPattern(ID))
                .body("page.name", equalTo("news.lab"))
                .body("page.url", matchesPattern("http://[^/]+/"))
                .body("page.time_zone", equalTo("Etc/UTC"))
                .body("page.updated_at", matchesPattern(TIMESTAMP))
                .body("incidents.size()", equalTo(0))
                .body("scheduled_maintenances.size()", equalTo(0))
                .body("components.id", everyItem(matchesPattern(ID)))
                .body("components.created_at", everyItem(matchesPattern(TIMESTAMP)))
                .body("components.updated_at", everyItem(matchesPattern(TIMESTAMP)))
                .body("components.page_id", everyItem(equalTo(ComponentIds.page("news.lab"))))
                .body("components.only_show_if_degraded", everyItem(equalTo(false)))
                .body("components.start_date", everyItem(nullValue()))
                .body(child("db-node"), hasKey("components"))
                .body(child("db-node") + ".group", equalTo(true))
                .body(child("db-node") + ".group_id", nullValue())
                .body(child("db-node") + ".position", equalTo(2))
                .body(child("db-node-healthy"), not(hasKey("components")))
                .body(child("db-node-healthy") + ".group", equalTo(false))
                .body(child("db-node-healthy") + ".showcase", equalTo(true))
                .body(child("db-node-healthy") + ".position", equalTo(1));
    }

    @Test
    void componentsJsonCarriesPageAndComponentsOnly() {
        given().when().get("/api/v2/components.json")
                .then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("keySet()", equalTo(Set.of("page", "components")))
                .body("components.name", hasItems("db-node", "db-node-healthy", "orchestrator-flapping"));
    }

    @Test
    void statusJsonCarriesPageAndIndicatorOnly() {
        given().when().get("/api/v2/status.json")
                .then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("keySet()", equalTo(Set.of("page", "status")))
                .body("status.indicator", equalTo("critical"));
    }

    @Test
    void hungTargetDoesNotDelayTheOthers() {
        // Rounds are 200ms apart and the hung target takes its full 150ms timeout every round; the
        // healthy target must still be checked every round, each time answering fast.
        Set<String> healthyChecks = new HashSet<>();
        Eventually.within(Duration.ofSeconds(5), () -> {
            JsonPath lab = given().when().get("/api/lab/instances.json").then().statusCode(200).extract().jsonPath();
            healthyChecks.add(lab.getString("instances.find { it.name == 'db-node-healthy' }.last_checked_at"));
            assertTrue(lab.getDouble("instances.find { it.name == 'dns-resolver-hung' }.latency_ms") >= 150,
                    "the hung target's latency is its timeout");
            assertTrue(healthyChecks.size() >= 6, "healthy target checked " + healthyChecks.size() + " times so far");
        });
        given().when().get("/api/lab/instances.json")
                .then()
                .body("instances.find { it.name == 'db-node-healthy' }.latency_ms", lessThan(100f))
                .body("instances.find { it.name == 'dns-resolver-hung' }.outcome", equalTo("timeout"))
                .body("instances.find { it.name == 'dns-resolver-gone' }.outcome", equalTo("refused"));
    }

    @Test
    void labInstancesCarryLatencyAndLastCheckForEveryInstance() {
        given().when().get("/api/lab/instances.json")
                .then().statusCode(200)
                .body("probe_interval_ms", equalTo(200))
                .body("probe_timeout_ms", equalTo(150))
                .body("instances.size()", equalTo(5))
                .body("instances.last_checked_at", everyItem(matchesPattern(TIMESTAMP)))
                .body("instances.status_since", everyItem(matchesPattern(TIMESTAMP)))
                .body("instances.find { it.name == 'db-node-broken' }.reason", equalTo("HTTP 503"))
                .body("instances.find { it.name == 'db-node-healthy' }.reason", nullValue());
    }
}
