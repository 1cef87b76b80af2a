package dev.outagelab.orchestrator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.net.URL;
import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.outagelab.orchestrator.support.Eventually;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The JSON API and the admin actions of a running orchestrator, against the fake db-nodes of the test resource. */
@QuarkusTest
class OrchestratorApiTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL application;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The management URL Quarkus injects ends in its root path (/q/); admin routes hang off the port itself. */
    private static String base(URL url) {
        return url.getProtocol() + "://" + url.getHost() + ":" + url.getPort();
    }

    private RequestSpecification app() {
        return given().baseUri(application.toString());
    }

    private RequestSpecification admin() {
        return given().baseUri(base(management)).header("Authorization", "Bearer "
                + ConfigProvider.getConfig().getValue("lab.admin.token", String.class)).contentType("application/json");
    }

    @Test
    void topologyShowsEveryDbNodeReachableAndWhoReplicatesFromWhom() {
        Eventually.await("all three db-nodes polled", BOUND, () -> app().get("/api/topology").then().extract()
                .jsonPath().getList("nodes.findAll { it.reachable }").size() == 3);
        app().get("/api/topology").then().statusCode(200)
                .body("nodes", hasSize(3))
                .body("nodes.find { it.name == 'db-node-west-0' }.replicatesFrom", equalTo("db-node-east-0"))
                .body("nodes.find { it.name == 'db-node-east-0' }.status.role", equalTo("primary"));
    }

    @Test
    void analysisOfAHealthyTopologyIsNoProblemWithItsEvidence() {
        Eventually.await("NoProblem", BOUND, () -> "NoProblem".equals(
                app().get("/api/analysis").then().extract().path("code")));
        app().get("/api/analysis").then().statusCode(200).body("primary", equalTo("db-node-east-0"))
                .body("evidence.node", hasItem("db-node-east-1"));
    }

    @Test
    void theOnlyRaftNodeLeadsAndLeaderCheckSaysSo() {
        Eventually.await("leader-check 200", BOUND, () -> app().get("/api/leader-check").statusCode() == 200);
        app().get("/api/raft").then().statusCode(200).body("self", equalTo("orchestrator-test"))
                .body("leader", equalTo("orchestrator-test")).body("role", equalTo("LEADER"))
                .body("actingLeader", equalTo(true));
        Eventually.await("leadership audited", BOUND, () -> app().get("/api/audit").then().extract().jsonPath()
                .getList("entries.kind").contains("LEADERSHIP"));
    }

    @Test
    void theHtmlPageDrawsTheTopology() {
        Eventually.await("all three db-nodes polled", BOUND, () -> app().get("/api/topology").then().extract()
                .jsonPath().getList("nodes.findAll { it.reachable }").size() == 3);
        app().get("/topology").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<h2>west</h2>")).body(containsString("db-node-west-0 (west, replica"));
    }

    @Test
    void readinessCarriesTheRaftRoleAndTheAnalysis() {
        Eventually.await("leader", BOUND, () -> app().get("/api/leader-check").statusCode() == 200);
        Eventually.await("NoProblem", BOUND, () -> "NoProblem".equals(
                app().get("/api/analysis").then().extract().path("code")));
        given().baseUri(base(management)).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'orchestrator' }.data.raftRole", equalTo("LEADER"))
                .body("checks.find { it.name == 'orchestrator' }.data.analysis", equalTo("NoProblem"));
    }

    @Test
    void metricsShowLeadershipAnalysisAndReachability() {
        Eventually.await("leader", BOUND, () -> app().get("/api/leader-check").statusCode() == 200);
        Eventually.await("NoProblem", BOUND, () -> "NoProblem".equals(
                app().get("/api/analysis").then().extract().path("code")));
        given().baseUri(base(management)).get("/q/metrics").then().statusCode(200)
                .body(containsString("orchestrator_raft_acting_leader 1.0"))
                .body(containsString("orchestrator_analysis{code=\"NoProblem\"} 1.0"))
                .body(containsString("orchestrator_db_node_reachable{db_node=\"db-node-west-0\",db_region=\"west\"} 1.0"))
                .body(containsString("orchestrator_audit_events_total{kind=\"LEADERSHIP\"}"));
    }

    @Test
    void adminActionsNeedTheToken() {
        given().baseUri(base(management)).body("{}").post("/admin/orchestrator/recover").then().statusCode(401);
        given().baseUri(base(management)).body("{}").post("/admin/orchestrator/acknowledge").then()
                .statusCode(401);
    }

    @Test
    void recoverWithNothingToRecoverIsRefusedAndChangesNothing() {
        Eventually.await("NoProblem", BOUND, () -> "NoProblem".equals(
                app().get("/api/analysis").then().extract().path("code")));
        Eventually.await("leader", BOUND, () -> app().get("/api/leader-check").statusCode() == 200);
        admin().body("{}").post("/admin/orchestrator/recover").then().statusCode(409)
                .body("error", equalTo("nothing_to_recover"));
        app().get("/api/recoveries").then().statusCode(200).body("recoveries", hasSize(0));
    }

    @Test
    void badInputGetsA400NamingTheProblem() {
        admin().body("not json").post("/admin/orchestrator/acknowledge").then().statusCode(400)
                .body("error", equalTo("bad_request")).body("message", containsString("JSON object"));
        admin().body("{}").post("/admin/orchestrator/acknowledge").then().statusCode(400)
                .body("message", containsString("'recovery'"));
        admin().body("{\"candidate\": 7}").post("/admin/orchestrator/graceful-takeover").then().statusCode(400)
                .body("message", containsString("'candidate'"));
        app().get("/api/audit?since=yesterday").then().statusCode(400).body("error", equalTo("bad_request"));
    }

    @Test
    void acknowledgingAnUnknownRecoveryIs404() {
        Eventually.await("leader", BOUND, () -> app().get("/api/leader-check").statusCode() == 200);
        admin().body("{\"recovery\":\"no-such-id\"}").post("/admin/orchestrator/acknowledge").then().statusCode(404)
                .body("error", equalTo("unknown_recovery"));
    }
}
