package dev.outagelab.statuspage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.instanceOf;
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
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StatuspageApiTest {

    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    static final String ID = "[a-z0-9]{12}";
    static final Set<String> COMPONENT_STATUSES = Set.of("operational", "degraded_performance", "partial_outage",
            "major_outage", "under_maintenance");

    @BeforeEach
    void everyComponentJudged() {
        Eventually.within(Duration.ofSeconds(10), () -> given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body("components.name", hasItems("DNS resolution", "Database writes", "Database reads",
                        "Orchestration", "Status page"))
                .body(component("DNS resolution") + ".status", equalTo("major_outage")));
    }

    static String component(String name) {
        return "components.find { it.name == '" + name + "' }";
    }

    @Test
    void componentsAreWhatReadersDoWithInstancesBehindThem() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .contentType(containsString("application/json"))
                .body(component("Database writes") + ".status", equalTo("major_outage"))
                .body(component("Database writes") + ".description",
                        containsString("1 of 2 instances down: db-node-broken (HTTP 503)"))
                .body(component("Database reads") + ".status", equalTo("major_outage"))
                .body(component("Database") + ".status", equalTo("major_outage"))
                .body(component("DNS resolution") + ".description", containsString("dns-resolver-hung (timeout after 150ms)"))
                .body(component("DNS resolution") + ".description", containsString("dns-resolver-gone (connection refused)"))
                .body(component("Status page") + ".status", equalTo("operational"))
                .body("status.indicator", equalTo("critical"))
                .body("status.description", equalTo("Major Service Outage"));
    }

    @Test
    void groupsListTheirChildrenByStableIdsAndChildrenFollowThem() {
        JsonPath summary = given().when().get("/api/v2/summary.json").then().statusCode(200).extract().jsonPath();
        List<String> names = summary.getList("components.name");
        assertEquals(names.indexOf("Database") + 1, names.indexOf("Database writes"), String.valueOf(names));
        given().when().get("/api/v2/summary.json")
                .then()
                .body(component("Database") + ".id", equalTo(ComponentIds.group("Database")))
                .body(component("Database") + ".components", contains(
                        ComponentIds.component("db-writes"), ComponentIds.component("db-reads")))
                .body(component("Database reads") + ".group_id", equalTo(ComponentIds.group("Database")))
                .body(component("DNS resolution") + ".group_id", nullValue());
    }

    @Test
    void summaryHasTheStatuspageV2FieldNamesAndTypes() {
        given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body("keySet()", equalTo(Set.of("page", "components", "incidents", "scheduled_maintenances", "status")))
                .body("page.keySet()", equalTo(Set.of("id", "name", "url", "time_zone", "updated_at")))
                .body("page.id", matchesPattern(ID))
                .body("page.name", equalTo("news.lab"))
                .body("page.url", matchesPattern("http://[^/]+/"))
                .body("page.time_zone", equalTo("Etc/UTC"))
                .body("page.updated_at", matchesPattern(TIMESTAMP))
                .body("scheduled_maintenances.size()", equalTo(0))
                .body("components.id", everyItem(matchesPattern(ID)))
                .body("components.status", everyItem(in(COMPONENT_STATUSES)))
                .body("components.created_at", everyItem(matchesPattern(TIMESTAMP)))
                .body("components.updated_at", everyItem(matchesPattern(TIMESTAMP)))
                .body("components.page_id", everyItem(equalTo(ComponentIds.page("news.lab"))))
                .body("components.position", everyItem(instanceOf(Integer.class)))
                .body("components.showcase", everyItem(instanceOf(Boolean.class)))
                .body("components.group", everyItem(instanceOf(Boolean.class)))
                .body("components.only_show_if_degraded", everyItem(equalTo(false)))
                .body("components.start_date", everyItem(nullValue()))
                .body(component("Database"), hasKey("components"))
                .body(component("Database") + ".group", equalTo(true))
                .body(component("Database writes"), not(hasKey("components")))
                .body(component("Database writes") + ".group", equalTo(false))
                .body("status.keySet()", equalTo(Set.of("indicator", "description")))
                .body("incidents.size()", greaterThan(0));
    }

    @Test
    void incidentsHaveTheStatuspageV2FieldNamesAndTypes() {
        Eventually.within(Duration.ofSeconds(5), () -> given().when().get("/api/v2/incidents/unresolved.json")
                .then().statusCode(200)
                .body("incidents.find { it.name == 'DNS resolution down' }.status", equalTo("investigating")));
        String dns = "incidents.find { it.name == 'DNS resolution down' }";
        given().when().get("/api/v2/incidents.json")
                .then().statusCode(200)
                .body("keySet()", equalTo(Set.of("page", "incidents")))
                .body("incidents.id", everyItem(matchesPattern(ID)))
                .body(dns + ".keySet()", equalTo(Set.of("id", "name", "status", "created_at", "updated_at",
                        "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id",
                        "incident_updates", "components")))
                .body(dns + ".impact", equalTo("critical"))
                .body(dns + ".created_at", matchesPattern(TIMESTAMP))
                .body(dns + ".resolved_at", nullValue())
                .body(dns + ".components.name", contains("DNS resolution"))
                .body(dns + ".incident_updates[0].keySet()", equalTo(Set.of("id", "status", "body", "incident_id",
                        "created_at", "updated_at", "display_at", "deliver_notifications")))
                .body(dns + ".incident_updates[0].status", equalTo("investigating"))
                .body(dns + ".incident_updates[0].body", containsString("DNS resolution is down"))
                .body(dns + ".incident_updates[0].deliver_notifications", equalTo(false));
    }

    @Test
    void componentsAndStatusJsonCarryOnlyTheirParts() {
        given().when().get("/api/v2/components.json")
                .then().statusCode(200)
                .body("keySet()", equalTo(Set.of("page", "components")))
                .body("components.name", hasItems("Database", "Database writes", "Orchestration"));
        given().when().get("/api/v2/status.json")
                .then().statusCode(200)
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
                .body("instances.find { it.name == 'dns-resolver-gone' }.outcome", equalTo("refused"))
                .body("instances.size()", equalTo(5))
                .body("instances.last_checked_at", everyItem(matchesPattern(TIMESTAMP)));
    }

    @Test
    void everyReadCarriesAnEtagAndAMatchingIfNoneMatchGets304WithoutABody() {
        for (String path : List.of("/", "/page/live", "/api/v2/summary.json", "/api/v2/status.json",
                "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json")) {
            // The page changes every 200ms probe round here, so a tag can go stale between the two requests.
            Eventually.within(Duration.ofSeconds(10), () -> {
                String etag = given().when().get(path).then().statusCode(200)
                        .header("ETag", matchesPattern("\"[0-9a-f]{24}(-gzip)?\""))
                        .header("Cache-Control", equalTo("no-cache")).extract().header("ETag");
                given().header("If-None-Match", etag).when().get(path).then().statusCode(304)
                        .header("ETag", equalTo(etag)).body(equalTo(""));
            });
            given().header("If-None-Match", "\"not-this-one\"").when().get(path).then().statusCode(200)
                    .body(not(equalTo("")));
        }
    }

    @Test
    void gzipOnlyForReadersThatAcceptItWithItsOwnTag() {
        // Without content decoders RestAssured sends no Accept-Encoding of its own.
        given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .when().get("/api/v2/status.json").then().statusCode(200)
                .header("Content-Encoding", nullValue()).header("Vary", equalTo("Accept-Encoding"))
                .header("ETag", matchesPattern("\"[0-9a-f]{24}\"")).body("status.indicator", equalTo("critical"));
        // RestAssured inflates the body again, so the same assertion reads it.
        given().header("Accept-Encoding", "gzip").when().get("/api/v2/status.json").then().statusCode(200)
                .header("Content-Encoding", equalTo("gzip")).header("ETag", matchesPattern("\"[0-9a-f]{24}-gzip\""))
                .body("status.indicator", equalTo("critical"));
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        given().when().head("/api/v2/summary.json").then().statusCode(200)
                .contentType(containsString("application/json")).header("ETag", matchesPattern("\"[0-9a-f]{24}(-gzip)?\""))
                .body(equalTo(""));
        given().when().head("/").then().statusCode(200).contentType(containsString("text/html")).body(equalTo(""));
    }

    @Test
    void thePageUrlIsTheAddressTheReaderUsed() {
        given().header("Host", "status.example:8443").when().get("/api/v2/status.json").then().statusCode(200)
                .body("page.url", equalTo("http://status.example:8443/"));
        given().when().get("/api/v2/status.json").then().statusCode(200)
                .body("page.url", not(containsString("status.example")));
    }
}
