package dev.outagelab.cdnedge.dns;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.EdgeTestEnvironment;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Origins resolved through a real DNS server: the edge's 502 when resolution fails, and pinning as the way out. */
@QuarkusTest
class OriginDnsTest extends EdgeTestBase {

    private static TestOrigin origin;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new TestOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private JsonObject resolvedService(String name) {
        return new JsonObject().put("name", name).put("domains", new JsonArray().add(name + ".test"))
                .put("origin", new JsonObject().put("host", "origin." + name + ".test").put("port", origin.port()));
    }

    @Test
    void anOriginNameIsResolvedThroughTheConfiguredResolver() {
        String name = uniqueName("dns");
        EdgeTestEnvironment.dns().put("origin." + name + ".test", "127.0.0.1", 60);
        origin.reply("/resolved", Map.of("Cache-Control", "no-store"), "resolved");
        activate(resolvedService(name));
        edge(name + ".test").get("/resolved").then().statusCode(200).body(equalTo("resolved"));
        edge(name + ".test").get("/resolved").then().statusCode(200);
        assertEquals(1, EdgeTestEnvironment.dns().queries("origin." + name + ".test"));
        status().then().body("dns.cached.'origin." + name + ".test'.addresses[0]", equalTo("127.0.0.1"));
    }

    @Test
    void anUnresolvableOriginGets502SayingTheDnsLookupFailed() {
        String name = uniqueName("nxdomain");
        activate(resolvedService(name));
        edge(name + ".test").get("/anything").then().statusCode(502)
                .body(containsString("Error 502 Bad Gateway"))
                .body(containsString("DNS lookup failed for origin." + name + ".test"))
                .header("X-Cache", equalTo("MISS"));
    }

    @Test
    void pinningTheOriginToAnAddressBypassesDns() {
        String name = uniqueName("pinned");
        origin.reply("/pinned", Map.of("Cache-Control", "no-store"), "pinned");
        activate(resolvedService(name));
        edge(name + ".test").get("/pinned").then().statusCode(502);
        JsonObject pinned = resolvedService(name);
        pinned.getJsonObject("origin").put("pinAddress", "127.0.0.1");
        activate(pinned);
        edge(name + ".test").get("/pinned").then().statusCode(200).body(equalTo("pinned"));
        assertEquals(1, EdgeTestEnvironment.dns().queries("origin." + name + ".test"),
                "only the unpinned request asked DNS");
    }
}
