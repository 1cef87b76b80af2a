package dev.outagelab.cdnedge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class EdgeCacheTest {

    private static CachedObject object(String url, int bytes, Set<String> tags) {
        return new CachedObject(url, url, 200, List.of(), Buffer.buffer(new byte[bytes]), System.currentTimeMillis(),
                Duration.ZERO, Duration.ofHours(1), Duration.ZERO, Duration.ZERO, tags);
    }

    @Test
    void theByteBudgetHoldsHoweverMuchIsStored() {
        long budget = 1_000_000;
        EdgeCache cache = new EdgeCache(budget);
        for (int i = 0; i < 500; i++) {
            cache.put(object("h/o" + i, 16 * 1024, Set.of(EdgeCache.urlTag("h/o" + i))), List.of());
            assertTrue(cache.weightedBytes() <= budget, "weighed " + cache.weightedBytes() + " after " + i);
        }
        assertTrue(cache.weightedBytes() > budget / 2, "the cache is used, not emptied");
        assertTrue(cache.objectCount() < 500);
    }

    @Test
    void purgingAUrlAfterEvictionFindsNothingStale() {
        EdgeCache cache = new EdgeCache(100_000);
        cache.put(object("h/a", 10, Set.of(EdgeCache.urlTag("h/a"), EdgeCache.surrogateTag("s", "k"))), List.of());
        cache.put(object("h/a", 20, Set.of(EdgeCache.urlTag("h/a"), EdgeCache.surrogateTag("s", "k"))), List.of());
        assertEquals(20, cache.get("h/a").orElseThrow().body().length(), "the replacement is stored");
        assertEquals(1, cache.purgeSurrogateKey("s", "k"), "the replacement kept its tags");
        assertEquals(0, cache.purgeUrl("h/a"));
    }

    @Test
    void cacheControlParsesTheDirectivesASharedCacheUses() {
        CacheControl cc = CacheControl.parse(List.of("public, max-age=60", "s-maxage=\"30\", stale-if-error=600"));
        assertEquals(Duration.ofSeconds(60), cc.maxAge().orElseThrow());
        assertEquals(Duration.ofSeconds(30), cc.sMaxAge().orElseThrow());
        assertEquals(Duration.ofSeconds(600), cc.staleIfError().orElseThrow());
        assertTrue(cc.staleWhileRevalidate().isEmpty());
        assertTrue(CacheControl.parse(List.of("Private")).isPrivate());
        assertTrue(CacheControl.parse(List.of("max-age=abc")).maxAge().orElseThrow().isZero(),
                "a malformed max-age makes the response stale, never fresh forever");
    }

    @Test
    void aRuleTtlOverridesTheOriginButNotNoStore() {
        CacheControl sixty = CacheControl.parse(List.of("max-age=60"));
        assertEquals(Duration.ofSeconds(5), Freshness.of(200, sixty, false, Optional.of(Duration.ofSeconds(5)),
                Duration.ofDays(7), Duration.ZERO, Duration.ZERO).orElseThrow().freshFor());
        assertTrue(Freshness.of(200, CacheControl.parse(List.of("no-store")), false,
                Optional.of(Duration.ofSeconds(5)), Duration.ofDays(7), Duration.ZERO, Duration.ZERO).isEmpty());
        assertTrue(Freshness.of(500, sixty, false, Optional.empty(), Duration.ofDays(7), Duration.ZERO,
                Duration.ZERO).isEmpty(), "server errors are not cached");
        assertTrue(Freshness.of(200, sixty, true, Optional.empty(), Duration.ofDays(7), Duration.ZERO,
                Duration.ZERO).isEmpty(), "a response that sets a cookie is not shared");
    }

    @Test
    void objectsWithAValidatorAreKeptPastTheirStaleWindowsForRevalidation() {
        Duration keep = Duration.ofHours(1);
        CachedObject withEtag = new CachedObject("u", "u", 200, List.of(Map.entry("ETag", "\"1\"")), Buffer.buffer("x"),
                System.currentTimeMillis(), Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5),
                Set.of());
        CachedObject without = new CachedObject("u", "u", 200, List.of(), Buffer.buffer("x"),
                System.currentTimeMillis(), Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5),
                Set.of());
        assertEquals(Duration.ofSeconds(10).plus(keep), withEtag.retainFor(keep));
        assertEquals(Duration.ofSeconds(10).plusMinutes(5), without.retainFor(keep));
        assertEquals(Duration.ofSeconds(10).plusMinutes(5), withEtag.retainFor(Duration.ZERO));
    }
}
