package dev.outagelab.dbnode.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.dbnode.store.KvStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shares the module's one Quarkus start: role changes go through the admin API, and every test ends by
 * promoting the node back to the writable primary the other tests expect (promotion is idempotent).
 */
@QuarkusTest
class DbAdminRoutesTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URL app;

    @Inject
    KvStore store;

    @AfterEach
    void restoreWritablePrimary() {
        admin().post("/admin/db/promote").then().statusCode(200);
    }

    @Test
    void statusDescribesTheNode() {
        given().body("v").put("/kv/status-" + UUID.randomUUID()).then().statusCode(200);

        admin().get("/admin/db/status").then().statusCode(200)
                .body("uuid", equalTo(store.serverUuid().toString()))
                .body("name", notNullValue())
                .body("region", notNullValue())
                .body("role", equalTo("primary"))
                .body("readOnly", equalTo(false))
                .body("readOnlyReason", nullValue())
                .body("fenced", equalTo(false)) // a first start from configuration is never fenced
                .body("source", nullValue())
                .body("gtidExecuted", matchesPattern("[0-9a-f-]{36}:.+"))
                .body("replication.state", equalTo("not-configured"))
                .body("replication.lastError", nullValue())
                .body("replication.secondsBehind", equalTo(0.0f))
                .body("replication.bytesBehind", equalTo(0))
                .body("replication.sourceUuid", nullValue())
                .body("replication.lastContactMillisAgo", nullValue())
                .body("url", startsWith("http://"))
                .body("writable", equalTo(true))
                .body("semiSync.enabled", equalTo(false))
                .body("semiSync.active", equalTo(false))
                .body("semiSync.fallbacks", equalTo(0))
                .body("semiSync.timeoutMillis", greaterThan(0))
                .body("replicas", hasSize(0))
                .body("binlog.segments", greaterThanOrEqualTo(1))
                .body("binlog.sizeBytes", greaterThan(0));
    }

    @Test
    void adminEndpointsNeedTheToken() {
        anonymous().get("/admin/db/status").then().statusCode(401).body("error", equalTo("unauthorized"));
        anonymous().post("/admin/db/promote").then().statusCode(401);
        anonymous().contentType("application/json").body("{\"enabled\":true}").post("/admin/db/read-only")
                .then().statusCode(401);

        admin().get("/admin/db/status").then().body("readOnly", equalTo(false));
    }

    @Test
    void readOnlyModeRefusesWritesWith503AndChangesNothing() {
        String key = "ro-" + UUID.randomUUID();
        given().body("old").put("/kv/" + key).then().statusCode(200);

        admin().contentType("application/json").body("{\"enabled\":true}").post("/admin/db/read-only")
                .then().statusCode(200)
                .body("changed", equalTo(true))
                .body("at", notNullValue())
                .body("status.readOnly", equalTo(true))
                .body("status.readOnlyReason", containsString("read-only mode is on"))
                .body("status.fenced", equalTo(false));
        GtidSet before = store.executed();

        given().body("new").put("/kv/" + key).then().statusCode(503)
                .header("X-Db-Role", "primary")
                .body("error", equalTo("read_only"))
                .body("role", equalTo("primary"))
                .body("source", nullValue())
                .body("message", containsString("read-only mode is on"));
        given().delete("/kv/" + key).then().statusCode(503).body("error", equalTo("read_only"))
                .body("message", containsString("read-only mode is on"));
        given().body("x").put("/kv/" + "ro-new-" + UUID.randomUUID()).then().statusCode(503);

        assertEquals(before, store.executed(), "a refused write assigns no GTID");
        given().get("/kv/" + key).then().statusCode(200).body(equalTo("old"));
        anonymous().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'db-node' }.data.readOnly", equalTo(true));
    }

    @Test
    void promoteMakesTheNodeWritableAgain() {
        String key = "promoted-" + UUID.randomUUID();
        admin().contentType("application/json").body("{\"enabled\":true}").post("/admin/db/read-only")
                .then().statusCode(200);
        given().body("v").put("/kv/" + key).then().statusCode(503);

        admin().post("/admin/db/promote").then().statusCode(200)
                .body("action", equalTo("promote"))
                .body("changed", equalTo(true))
                .body("status.role", equalTo("primary"))
                .body("status.readOnly", equalTo(false))
                .body("status.source", nullValue());

        given().body("v").put("/kv/" + key).then().statusCode(200);
        admin().post("/admin/db/promote").then().statusCode(200).body("changed", equalTo(false));
    }

    @Test
    void readOnlyOffReopensWrites() {
        admin().contentType("application/json").body("{\"enabled\":true}").post("/admin/db/read-only")
                .then().statusCode(200);

        admin().contentType("application/json").body("{\"enabled\":false}").post("/admin/db/read-only")
                .then().statusCode(200).body("status.readOnly", equalTo(false));

        given().body("v").put("/kv/" + "reopened-" + UUID.randomUUID()).then().statusCode(200);
    }

    @Test
    void liftingTheFenceOfANodeThatIsNotFencedIs409AndLeavesItsReadOnlyModeAlone() {
        String lift = "{\"enabled\":false,\"onlyIfFenced\":true}";
        // This node started from configuration, so it was never fenced.
        admin().contentType("application/json").body(lift).post("/admin/db/read-only")
                .then().statusCode(409).body("error", equalTo("not_fenced"))
                .body("message", containsString("not fenced"));
        admin().contentType("application/json").body("{\"enabled\":true}").post("/admin/db/read-only")
                .then().statusCode(200);

        // An operator's read-only is not a fence: the orchestrator's conditional lift must not undo it.
        admin().contentType("application/json").body(lift).post("/admin/db/read-only")
                .then().statusCode(409).body("error", equalTo("not_fenced"))
                .body("message", containsString("read-only mode is on"));
        admin().get("/admin/db/status").then().body("readOnly", equalTo(true)).body("writable", equalTo(false));
        admin().post("/admin/db/promote").then().statusCode(200);
    }

    @Test
    void badReadOnlyBodiesAre400NamingTheProblem() {
        admin().contentType("application/json").body("{\"enabled\":").post("/admin/db/read-only")
                .then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", containsString("not a JSON object"));
        admin().contentType("application/json").body("{}").post("/admin/db/read-only")
                .then().statusCode(400).body("message", containsString("'enabled' is missing"));
        admin().contentType("application/json").body("{\"enabled\":\"yes\"}").post("/admin/db/read-only")
                .then().statusCode(400).body("message", containsString("'enabled' must be true or false"));
        admin().contentType("application/json").body("[true]").post("/admin/db/read-only")
                .then().statusCode(400).body("error", equalTo("bad_request"));
        admin().post("/admin/db/read-only").then().statusCode(400).body("message", containsString("empty"));
        admin().contentType("application/json").body("{\"enabled\":false,\"onlyIfFenced\":\"yes\"}")
                .post("/admin/db/read-only").then().statusCode(400).body("message", containsString("onlyIfFenced"));
        admin().contentType("application/json").body("{\"enabled\":true,\"onlyIfFenced\":true}")
                .post("/admin/db/read-only").then().statusCode(400).body("message", containsString("onlyIfFenced"));

        admin().get("/admin/db/status").then().body("readOnly", equalTo(false));
    }

    @Test
    void badReplicateFromRequestsAre400AndChangeNothing() {
        String before = admin().get("/admin/db/status").then().extract().path("gtidExecuted");
        String[][] cases = {
            {"{\"source\":", "not a JSON object"},
            {"{}", "'source' is missing"},
            {"{\"source\": 8087}", "'source' must be a string"},
            {"{\"source\": \"db-node-east-0\"}", "base URL"},
            {"{\"source\": \"http://127.0.0.1:1/path\"}", "scheme, host and port only"},
            {"{\"source\": \"http://127.0.0.1:1\", \"force\": \"yes\"}", "'force' must be true or false"},
        };
        for (String[] bad : cases) {
            admin().contentType("application/json").body(bad[0]).post("/admin/db/replicate-from")
                    .then().statusCode(400).body("error", equalTo("bad_request"))
                    .body("message", containsString(bad[1]));
        }
        anonymous().contentType("application/json").body("{\"source\": \"http://127.0.0.1:1\"}")
                .post("/admin/db/replicate-from").then().statusCode(401);

        admin().get("/admin/db/status").then().body("role", equalTo("primary")).body("writable", equalTo(true))
                .body("gtidExecuted", equalTo(before));
    }

    @Test
    void replicateFromAnUnreachableSourceIs502AndTheNodeStaysAWritablePrimary() {
        admin().contentType("application/json").body("{\"source\": \"http://127.0.0.1:1\"}")
                .post("/admin/db/replicate-from").then().statusCode(502)
                .body("error", equalTo("source_unreachable"))
                .body("message", containsString("http://127.0.0.1:1"));

        admin().get("/admin/db/status").then().body("role", equalTo("primary")).body("writable", equalTo(true));
        given().body("v").put("/kv/after-502-" + UUID.randomUUID()).then().statusCode(200);
    }

    @Test
    void replicateFromItselfIsRefused() {
        admin().contentType("application/json").body("{\"source\": \"" + appUrl() + "\"}")
                .post("/admin/db/replicate-from").then().statusCode(400)
                .body("message", containsString("itself"));
        admin().get("/admin/db/status").then().body("role", equalTo("primary"));
    }

    @Test
    void stopAndStartReplicationNeedAReplica() {
        admin().post("/admin/db/stop-replication").then().statusCode(409).body("error", equalTo("not_a_replica"));
        admin().post("/admin/db/start-replication").then().statusCode(409).body("error", equalTo("not_a_replica"));
    }

    @Test
    void theLedgerAgainstItselfIsEmptyAndBadRequestsAre4xx() {
        given().body("v").put("/kv/ledger-" + UUID.randomUUID()).then().statusCode(200);

        admin().queryParam("other", appUrl()).get("/admin/db/ledger").then().statusCode(200)
                .body("other.uuid", equalTo(store.serverUuid().toString()))
                .body("missingOnOther", equalTo(""))
                .body("count", equalTo(0))
                .body("events", hasSize(0));
        admin().get("/admin/db/ledger").then().statusCode(400).body("message", containsString("'other'"));
        admin().queryParam("other", "nonsense").get("/admin/db/ledger").then().statusCode(400);
        admin().queryParam("other", appUrl()).queryParam("limit", "0").get("/admin/db/ledger").then()
                .statusCode(400).body("error", equalTo("invalid_limit"));
        admin().queryParam("other", "http://127.0.0.1:1").get("/admin/db/ledger").then().statusCode(502)
                .body("error", equalTo("other_unreachable"));
    }

    @Test
    void theReplicationEndpointsOnTheAppPortNeedTheToken() {
        given().contentType("application/json").body("{}").post("/replication/binlog").then().statusCode(401);
        given().get("/replication/status").then().statusCode(401);
        given().header("Authorization", "Bearer " + token()).get("/replication/status").then().statusCode(200)
                .body("uuid", equalTo(store.serverUuid().toString()))
                .body("role", equalTo("primary"));
        given().header("Authorization", "Bearer " + token()).contentType("application/json")
                .body("{\"replicaUuid\": \"nope\"}").post("/replication/binlog").then().statusCode(400)
                .body("error", equalTo("bad_request"));
        given().header("Authorization", "Bearer " + token()).contentType("application/json")
                .body("{\"replicaUuid\": \"" + store.serverUuid() + "\", \"gtidExecuted\": \"\"}")
                .post("/replication/binlog").then().statusCode(409).body("error", equalTo("same_server"));
    }

    private String appUrl() {
        return app.getProtocol() + "://" + app.getHost() + ":" + app.getPort();
    }

    private static String token() {
        return ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
    }

    private RequestSpecification admin() {
        String token = ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
        return anonymous().header("Authorization", "Bearer " + token);
    }

    private RequestSpecification anonymous() {
        return given().baseUri(management.getProtocol() + "://" + management.getHost() + ":" + management.getPort());
    }
}
