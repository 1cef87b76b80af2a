package dev.outagelab.cdnedge.dns;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.EdgeTestEnvironment;
import dev.outagelab.cdnedge.support.TestDns;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Origins named by SRV records, as the lab's database is after a failover: every node is 127.0.0.1 and only the
 * port tells them apart. Two real origins on loopback, a real DNS server; one origin stops, requests go on.
 */
@QuarkusTest
class SrvOriginTest extends EdgeTestBase {

    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    /** A service whose SRV name lists a primary (priority 10) and a standby (priority 20) origin. */
    private String srvService(String name, TestOrigin primary, TestOrigin standby) throws Exception {
        TestDns dns = EdgeTestEnvironment.dns();
        String srv = "_http._tcp.origin." + name + ".test";
        dns.put("primary." + name + ".test", "127.0.0.1", 60);
        dns.put("standby." + name + ".test", "127.0.0.1", 60);
        dns.putSrv(srv, 60, "10 10 " + primary.port() + " primary." + name + ".test",
                "20 10 " + standby.port() + " standby." + name + ".test");
        activate(new JsonObject().put("name", name).put("domains", new JsonArray().add(name + ".test"))
                .put("origin", new JsonObject().put("srv", srv)));
        return srv;
    }

    @Test
    void whenThePrimaryOriginStopsRequestsAreServedByTheNextSrvTarget() throws Exception {
        String name = uniqueName("srv");
        try (TestOrigin standby = new TestOrigin()) {
            TestOrigin primary = new TestOrigin();
            try {
                primary.reply("/who", NO_STORE, "primary");
                standby.reply("/who", NO_STORE, "standby");
                String srv = srvService(name, primary, standby);
                edge(name + ".test").get("/who").then().statusCode(200).body(equalTo("primary"));
                status().then().body("dns.cached.'" + srv + " SRV'.targets[0].port", equalTo(primary.port()));
            } finally {
                primary.close();
            }
            for (int i = 0; i < 3; i++) {
                edge(name + ".test").get("/who").then().statusCode(200).body(equalTo("standby"))
                        .header("X-Cache", equalTo("MISS"));
            }
            assertEquals(3, standby.hits("/who"));
            assertEquals(1, EdgeTestEnvironment.dns().queries("_http._tcp.origin." + name + ".test"),
                    "the SRV answer came from the cache within its TTL");
        }
    }

    @Test
    void aServerAnsweringServiceUnavailableIsSkippedForGetsButNotForPosts() throws Exception {
        String name = uniqueName("srv503");
        try (TestOrigin demoted = new TestOrigin(); TestOrigin standby = new TestOrigin()) {
            demoted.reply("/page", 503, NO_STORE, "read-only replica");
            standby.reply("/page", NO_STORE, "{method} from standby");
            srvService(name, demoted, standby);
            edge(name + ".test").get("/page").then().statusCode(200).body(equalTo("GET from standby"));
            edge(name + ".test").body("x").post("/page").then().statusCode(503)
                    .body(containsString("read-only replica"));
            assertEquals(0, standby.hits("/page") - 1, "the POST was not repeated on another server");
        }
    }

    @Test
    void whenNoSrvTargetAnswersTheEdgeSaysSo() throws Exception {
        String name = uniqueName("srvdown");
        TestOrigin first = new TestOrigin();
        TestOrigin second = new TestOrigin();
        srvService(name, first, second);
        first.close();
        second.close();
        edge(name + ".test").get("/any").then().statusCode(503).body(containsString("cannot connect to standby."
                + name + ".test:" + second.port()));
    }
}
