package dev.outagelab.cdnedge.proxy;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** HTTP caching semantics through the real proxy, against a real origin on loopback. */
@QuarkusTest
class CachingTest extends EdgeTestBase {

    private static TestOrigin origin;
    private String host;
    private String name;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new TestOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void service() {
        name = uniqueName("cache");
        host = name + ".test";
        JsonObject config = pinnedService(name, origin.port())
                .put("rules", new JsonArray().add(new JsonObject().put("name", "tagged").put("pathPrefix", "/tagged/")
                        .put("surrogateKeys", new JsonArray().add("section-tagged"))));
        activate(config);
    }

    private String path(String p) {
        return "/" + name + p;
    }

    private Response get(String p) {
        return edge(host).get(path(p));
    }

    @Test
    void maxAgeIsServedFromCacheWithAgeAndXCache() {
        origin.reply(path("/a"), Map.of("Cache-Control", "max-age=60"), "a{n}");
        get("/a").then().statusCode(200).header("X-Cache", "MISS").header("Age", "0").body(equalTo("a1"));
        get("/a").then().statusCode(200).header("X-Cache", "HIT").body(equalTo("a1"))
                .header("X-Served-By", containsString("cache-"));
        assertEquals(1, origin.hits(path("/a")));
    }

    @Test
    void ageCountsFromTheOriginsAge() {
        origin.reply(path("/aged"), Map.of("Cache-Control", "max-age=600", "Age", "100"), "x");
        get("/aged").then().header("Age", "100");
        int age = Integer.parseInt(get("/aged").then().header("X-Cache", "HIT").extract().header("Age"));
        assertTrue(age >= 100 && age < 160, "age " + age);
    }

    @Test
    void sMaxageWinsOverMaxAgeForTheSharedCache() {
        origin.reply(path("/s"), Map.of("Cache-Control", "max-age=0, s-maxage=60"), "s{n}");
        get("/s").then().header("X-Cache", "MISS");
        get("/s").then().header("X-Cache", "HIT").body(equalTo("s1"));
        origin.reply(path("/zero"), Map.of("Cache-Control", "max-age=60, s-maxage=0"), "z{n}");
        get("/zero");
        get("/zero").then().header("X-Cache", "MISS").body(equalTo("z2"));
    }

    @Test
    void noStorePrivateAndNoCacheAreNeverServedFromCache() {
        for (String directive : List.of("no-store", "private", "no-cache", "private, max-age=60", "no-store, max-age=60")) {
            String p = "/nc-" + directive.replaceAll("[^a-z]", "");
            origin.reply(path(p), Map.of("Cache-Control", directive), "v{n}");
            get(p).then().header("X-Cache", "MISS").body(equalTo("v1"));
            get(p).then().header("X-Cache", "MISS").body(equalTo("v2"));
        }
    }

    @Test
    void theDefaultTtlAppliesWhenTheOriginSaysNothing() {
        origin.reply(path("/plain"), Map.of(), "p{n}");
        get("/plain").then().header("X-Cache", "MISS");
        get("/plain").then().header("X-Cache", "HIT").body(equalTo("p1"));
        assertEquals(1, origin.hits(path("/plain")));
    }

    @Test
    void headIsAnsweredFromTheCachedGet() {
        origin.reply(path("/h"), Map.of("Cache-Control", "max-age=60"), "hello");
        edge(host).head(path("/h")).then().statusCode(200).header("X-Cache", "MISS").header("Content-Length", "5");
        get("/h").then().header("X-Cache", "HIT").body(equalTo("hello"));
    }

    @Test
    void varyKeepsOneVariantPerRequestHeaderValue() {
        origin.reply(path("/v"), Map.of("Cache-Control", "max-age=60", "Vary", "Accept-Language"),
                "{h:accept-language}-{n}");
        edge(host).header("Accept-Language", "en").get(path("/v")).then().header("X-Cache", "MISS").body(equalTo("en-1"));
        edge(host).header("Accept-Language", "ko").get(path("/v")).then().header("X-Cache", "MISS").body(equalTo("ko-2"));
        edge(host).header("Accept-Language", "en").get(path("/v")).then().header("X-Cache", "HIT").body(equalTo("en-1"));
        edge(host).header("Accept-Language", "ko").get(path("/v")).then().header("X-Cache", "HIT").body(equalTo("ko-2"));
    }

    @Test
    void concurrentMissesMakeOneOriginFetch() throws Exception {
        origin.reply(path("/hot"), Map.of("Cache-Control", "max-age=60"), "hot{n}");
        origin.hold(path("/hot"));
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                responses.add(clients.submit(() -> get("/hot")));
            }
            await("the first request to reach the origin", Duration.ofSeconds(20), () -> origin.hits(path("/hot")) == 1);
            origin.release();
            for (Future<Response> r : responses) {
                r.get().then().statusCode(200).body(equalTo("hot1"));
            }
            assertEquals(1, origin.hits(path("/hot")), "ten concurrent misses, one origin fetch");
        } finally {
            origin.release();
            clients.shutdownNow();
        }
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesInTheBackground() {
        origin.reply(path("/swr"), Map.of("Cache-Control", "max-age=1, stale-while-revalidate=60"), "swr{n}");
        get("/swr").then().body(equalTo("swr1"));
        await("the object to go stale", Duration.ofSeconds(15),
                () -> "STALE".equals(get("/swr").header("X-Cache")));
        await("the background refresh", Duration.ofSeconds(15), () -> origin.hits(path("/swr")) >= 2);
        await("the refreshed object", Duration.ofSeconds(15), () -> get("/swr").asString().startsWith("swr")
                && !get("/swr").asString().equals("swr1"));
    }

    @Test
    void staleIfErrorServesStaleWhenTheOriginFails() {
        origin.reply(path("/sie"), Map.of("Cache-Control", "max-age=1, stale-if-error=600"), "good");
        get("/sie").then().body(equalTo("good"));
        origin.reply(path("/sie"), 500, Map.of(), "broken");
        await("the object to go stale", Duration.ofSeconds(15), () -> origin.hits(path("/sie")) >= 2
                || !"HIT".equals(get("/sie").header("X-Cache")));
        get("/sie").then().statusCode(200).header("X-Cache", "STALE").body(equalTo("good"));
        assertTrue(origin.hits(path("/sie")) >= 2, "the origin was asked and failed");
    }

    @Test
    void purgeByUrlRemovesEveryVariantAtOnce() {
        origin.reply(path("/p"), Map.of("Cache-Control", "max-age=600"), "p{n}");
        get("/p").then().body(equalTo("p1"));
        get("/p").then().header("X-Cache", "HIT");
        admin().contentType("application/json").body(new JsonObject().put("url", "http://" + host + path("/p")).encode())
                .post("/admin/edge/purge").then().statusCode(200).body("purged", equalTo(1));
        get("/p").then().header("X-Cache", "MISS").body(equalTo("p2"));
    }

    @Test
    void purgeBySurrogateKeyRemovesTaggedObjects() {
        origin.reply(path("/k1"), Map.of("Cache-Control", "max-age=600", "Surrogate-Key", "article-1 front"), "k{n}");
        origin.reply(path("/k2"), Map.of("Cache-Control", "max-age=600", "Surrogate-Key", "front"), "k{n}");
        origin.reply(path("/k3"), Map.of("Cache-Control", "max-age=600"), "k{n}");
        get("/k1").then().header("Surrogate-Key", (String) null);
        get("/k2");
        get("/k3");
        admin().contentType("application/json")
                .body(new JsonObject().put("service", name).put("surrogateKey", "front").encode())
                .post("/admin/edge/purge").then().statusCode(200).body("purged", equalTo(2));
        get("/k1").then().header("X-Cache", "MISS");
        get("/k2").then().header("X-Cache", "MISS");
        get("/k3").then().header("X-Cache", "HIT");
    }

    @Test
    void aRuleCanTagObjectsWithSurrogateKeys() {
        origin.reply("/tagged/" + name, Map.of("Cache-Control", "max-age=600"), "t{n}");
        edge(host).get("/tagged/" + name).then().header("X-Cache", "MISS");
        admin().contentType("application/json")
                .body(new JsonObject().put("service", name).put("surrogateKey", "section-tagged").encode())
                .post("/admin/edge/purge").then().statusCode(200).body("purged", equalTo(1));
    }

    @Test
    void otherMethodsPassThroughToTheOrigin() {
        origin.reply(path("/form"), Map.of("Cache-Control", "max-age=600"), "{method}{n}");
        edge(host).body("x=1").post(path("/form")).then().statusCode(200).body(equalTo("POST1"));
        edge(host).body("x=1").post(path("/form")).then().statusCode(200).body(equalTo("POST2"));
        edge(host).delete(path("/form")).then().statusCode(200).body(equalTo("DELETE3"));
    }

    @Test
    void aStaleObjectWithAnEtagIsRevalidatedAndA304RefreshesItWithoutTheBody() {
        origin.reply(path("/etag"), Map.of("Cache-Control", "max-age=1", "ETag", "\"v1\""), "etag body {n}");
        get("/etag").then().header("X-Cache", equalTo("MISS")).body(equalTo("etag body 1"));
        await("a revalidation", Duration.ofSeconds(15),
                () -> "REVALIDATED".equals(get("/etag").then().statusCode(200).body(equalTo("etag body 1"))
                        .extract().header("X-Cache")));
        assertEquals(1, origin.notModified(path("/etag")), "the origin answered 304 once");
        assertEquals(2, origin.hits(path("/etag")), "one full fetch, one conditional");
        get("/etag").then().header("X-Cache", equalTo("HIT")).body(equalTo("etag body 1"))
                .header("ETag", equalTo("\"v1\""));
    }

    @Test
    void aStaleObjectWithLastModifiedIsRevalidatedWithIfModifiedSince() {
        origin.reply(path("/lm"), Map.of("Cache-Control", "max-age=1", "Last-Modified",
                "Mon, 23 Nov 2026 10:00:00 GMT"), "lm body {n}");
        get("/lm").then().header("X-Cache", equalTo("MISS"));
        await("a revalidation", Duration.ofSeconds(15),
                () -> "REVALIDATED".equals(get("/lm").then().body(equalTo("lm body 1")).extract().header("X-Cache")));
        assertEquals(1, origin.notModified(path("/lm")));
    }

    @Test
    void clientsConditionalGetsAreAnswered304FromTheCache() {
        origin.reply(path("/cond"), Map.of("Cache-Control", "max-age=60", "ETag", "\"v7\"", "Last-Modified",
                "Mon, 23 Nov 2026 10:00:00 GMT"), "conditional body");
        get("/cond").then().statusCode(200).header("X-Cache", equalTo("MISS"));
        edge(host).header("If-None-Match", "\"v7\"").get(path("/cond")).then().statusCode(304)
                .header("X-Cache", equalTo("HIT")).header("ETag", equalTo("\"v7\"")).body(equalTo(""));
        edge(host).header("If-None-Match", "W/\"v7\"").get(path("/cond")).then().statusCode(304);
        edge(host).header("If-None-Match", "\"v6\"").get(path("/cond")).then().statusCode(200)
                .body(equalTo("conditional body"));
        edge(host).header("If-Modified-Since", "Mon, 23 Nov 2026 11:00:00 GMT").get(path("/cond")).then()
                .statusCode(304);
        edge(host).header("If-Modified-Since", "Mon, 23 Nov 2026 09:00:00 GMT").get(path("/cond")).then()
                .statusCode(200).body(equalTo("conditional body"));
        assertEquals(1, origin.hits(path("/cond")), "all answered from the cache");
        assertEquals(0, origin.notModified(path("/cond")), "the client's conditions never reached the origin");
    }
}
