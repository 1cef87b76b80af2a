package dev.outagelab.cdnedge.release;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Fastly replay on a running edge (release 2021.05.12, the test profile's default): one tenant activates a
 * valid config and every customer on the edge gets 503, until a rollback, or until staged activation rolls it
 * back by itself.
 */
@QuarkusTest
class LatentBugEdgeTest extends EdgeTestBase {

    private static TestOrigin origin;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new TestOrigin();
        origin.reply("/page", Map.of("Cache-Control", "no-store"), "page");
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private JsonObject trigger(String name) {
        return pinnedService(name, origin.port()).put("rules", new JsonArray()
                .add(new JsonObject().put("name", "site")
                        .put("responseHeaders", new JsonObject().put("Cache-Control", "public, max-age=300")))
                .add(new JsonObject().put("name", "kv").put("pathPrefix", "/kv/")
                        .put("responseHeaders", new JsonObject().put("Cache-Control", "public, max-age=5"))));
    }

    private int create(JsonObject config) {
        return admin().contentType("application/json").body(config.encode()).post("/admin/edge/services")
                .then().statusCode(201).extract().path("version");
    }

    @Test
    void aValidConfigFromOneTenantTakesDownEveryTenantOnTheEdge() {
        String bystander = uniqueName("bystander");
        String tenant = uniqueName("tenant");
        activate(pinnedService(bystander, origin.port()));
        activate(pinnedService(tenant, origin.port()));
        edge(bystander + ".test").get("/page").then().statusCode(200);
        int bad = create(trigger(tenant));
        admin().contentType("application/json").body(trigger(tenant).encode()).post("/admin/edge/services/validate")
                .then().statusCode(200).body("valid", equalTo(true));
        try {
            admin().post("/admin/edge/services/" + tenant + "/versions/" + bad + "/activate?staged=false")
                    .then().statusCode(200);
            edge(bystander + ".test").get("/page").then().statusCode(503)
                    .body(containsString("<h1>Error 503 Service Unavailable</h1>"))
                    .body(containsString("Details: cache-icn-cdn-edge "))
                    .body(containsString("release 2021.05.12"));
            edge(tenant + ".test").get("/page").then().statusCode(503);
        } finally {
            admin().post("/admin/edge/services/" + tenant + "/rollback").then().statusCode(200);
        }
        edge(bystander + ".test").get("/page").then().statusCode(200).body(equalTo("page"));
    }

    @Test
    void stagedActivationRollsTheTriggerBackByItself() {
        String tenant = uniqueName("staged");
        activate(pinnedService(tenant, origin.port()));
        int bad = create(trigger(tenant));
        admin().post("/admin/edge/services/" + tenant + "/versions/" + bad + "/activate?staged=true")
                .then().statusCode(200).body("staged", equalTo(true));
        await("the staged activation to be rolled back", Duration.ofSeconds(30), () -> {
            edge(tenant + ".test").get("/page");
            return "auto-rollback".equals(admin().get("/admin/edge/activations").path("activations[0].source"));
        });
        admin().get("/admin/edge/activations").then()
                .body("activations[0].service", equalTo(tenant))
                .body("activations[0].version", equalTo(1))
                .body("activations[0].previousVersion", equalTo(bad))
                .body("activations[0].reason", containsString("5xx rate"));
        status().then().body("rollouts.'" + tenant + "'.state", equalTo("rolled-back"));
        edge(tenant + ".test").get("/page").then().statusCode(200);
    }
}
