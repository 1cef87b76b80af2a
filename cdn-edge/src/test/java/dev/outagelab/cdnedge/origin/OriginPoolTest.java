package dev.outagelab.cdnedge.origin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** Black Friday: a hung origin behind a pool without timeouts, and the same origin behind the fix. */
@QuarkusTest
class OriginPoolTest extends EdgeTestBase {

    private TestOrigin origin;
    private ExecutorService clients;

    @BeforeEach
    void start() throws Exception {
        origin = new TestOrigin();
        clients = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() {
        origin.close();
        clients.shutdownNow();
    }

    private Map<String, Object> pool(String name) {
        Map<String, Object> origins = status().path("origins");
        return origins.entrySet().stream().filter(e -> e.getKey().startsWith("origin." + name + ".test:"))
                .map(e -> (Map<String, Object>) e.getValue()).findFirst().orElse(Map.of());
    }

    @Test
    void asItHappenedAHungOriginHoldsTheWholePoolAndRequestsPileUp() throws Exception {
        String name = uniqueName("blackfriday");
        JsonObject service = pinnedService(name, origin.port());
        service.getJsonObject("origin").put("connectTimeout", "0s").put("readTimeout", "0s").put("maxConnections", 2)
                .put("maxWait", "0s").put("breakerFailures", 0);
        activate(service);
        origin.reply("/cached", Map.of("Cache-Control", "max-age=600"), "cached page");
        edge(name + ".test").get("/cached").then().statusCode(200);
        for (int i = 0; i < 6; i++) {
            origin.reply("/slow/" + i, Map.of("Cache-Control", "no-store"), "slow " + i);
        }
        origin.hold("/slow/");
        List<Future<Response>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/slow/" + i;
            held.add(clients.submit(() -> edge(name + ".test").get(path)));
        }
        await("two requests holding the pool and four waiting", Duration.ofSeconds(30),
                () -> Integer.valueOf(2).equals(pool(name).get("inUse"))
                        && Integer.valueOf(4).equals(pool(name).get("waiting")));
        long started = System.nanoTime();
        edge(name + ".test").get("/cached").then().statusCode(200).header("X-Cache", "HIT").body(equalTo("cached page"));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "a cached page needs no origin");
        admin().baseUri(base(management)).get("/q/metrics").then()
                .body(containsString("edge_origin_pool_waiting{origin=\"origin." + name + ".test"));
        assertTrue(held.stream().noneMatch(Future::isDone), "nothing gives up: there is no timeout");

        origin.release();
        for (Future<Response> r : held) {
            r.get(30, TimeUnit.SECONDS).then().statusCode(200);
        }
        await("the pool to drain", Duration.ofSeconds(10), () -> Integer.valueOf(0).equals(pool(name).get("inUse")));
    }

    @Test
    void withTheFixRequestsFailFastAndStaleContentIsServed() throws Exception {
        String name = uniqueName("fixed");
        JsonObject service = pinnedService(name, origin.port()).put("staleIfError", "1h");
        service.getJsonObject("origin").put("connectTimeout", "1s").put("readTimeout", "500ms")
                .put("maxConnections", 2).put("maxWait", "200ms").put("breakerFailures", 3);
        activate(service);
        origin.reply("/page", Map.of("Cache-Control", "max-age=1"), "page {n}");
        edge(name + ".test").get("/page").then().statusCode(200).body(equalTo("page 1"));
        origin.reply("/other", Map.of("Cache-Control", "no-store"), "other");
        origin.hold("/");

        long started = System.nanoTime();
        Response other = edge(name + ".test").get("/other");
        long tookOther = System.nanoTime() - started;
        other.then().statusCode(503).body(containsString("Error 503 Service Unavailable"))
                .body(containsString("timed out"));
        assertTrue(tookOther < TimeUnit.SECONDS.toNanos(5), "failed within the read timeout, took " + tookOther);

        await("the cached page to be served stale from a hung origin", Duration.ofSeconds(30),
                () -> "STALE".equals(edge(name + ".test").get("/page").header("X-Cache")));
        edge(name + ".test").get("/page").then().statusCode(200).body(equalTo("page 1"));

        await("the breaker to open", Duration.ofSeconds(30), () -> "open".equals(pool(name).get("breaker")));
        started = System.nanoTime();
        edge(name + ".test").get("/other").then().statusCode(503).body(containsString("circuit breaker"));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "an open breaker fails at once");
        edge(name + ".test").get("/page").then().statusCode(200).header("X-Cache", "STALE");
    }

    @Test
    void aFullBulkheadFailsTheExtraRequestsAfterTheWait() throws Exception {
        String name = uniqueName("bulkhead");
        JsonObject service = pinnedService(name, origin.port());
        service.getJsonObject("origin").put("readTimeout", "20s").put("maxConnections", 1).put("maxWait", "300ms")
                .put("breakerFailures", 0);
        activate(service);
        origin.reply("/slow/a", Map.of("Cache-Control", "no-store"), "a");
        origin.reply("/slow/b", Map.of("Cache-Control", "no-store"), "b");
        origin.hold("/slow/");
        Future<Response> first = clients.submit(() -> edge(name + ".test").get("/slow/a"));
        await("the one connection to be taken", Duration.ofSeconds(30),
                () -> Integer.valueOf(1).equals(pool(name).get("inUse")));
        edge(name + ".test").get("/slow/b").then().statusCode(503)
                .body(containsString("no free connection to origin." + name + ".test"));
        origin.release();
        first.get(30, TimeUnit.SECONDS).then().statusCode(200).body(equalTo("a"));
    }
}
