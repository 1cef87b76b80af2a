package dev.outagelab.cdnedge.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.TestDns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The edge's own resolver against real DNS servers on loopback. */
class OriginResolverTest {

    private TestDns dns;
    private TestDns broken;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        dns = new TestDns();
        broken = new TestDns();
        broken.failing(true);
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
        broken.close();
    }

    private OriginResolver resolver(boolean serveStale) {
        return new OriginResolver(List.of(dns.address()), Duration.ofSeconds(2), serveStale, Duration.ofHours(1), meters);
    }

    private static String resolve(OriginResolver resolver, String name) throws Exception {
        return resolver.resolve(name).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void awaitExpiry(OriginResolver resolver, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.currentTimeMillis() < resolver.cached().get(name).expiresAt()) {
            assertTrue(System.nanoTime() < deadline, "the answer never expired");
            Thread.onSpinWait();
        }
    }

    @Test
    void answersAreCachedForTheirTtlThenAskedAgain() throws Exception {
        dns.put("origin.a.test", "127.0.0.7", 1);
        OriginResolver resolver = resolver(false);
        assertEquals("127.0.0.7", resolve(resolver, "origin.a.test"));
        assertEquals("127.0.0.7", resolve(resolver, "origin.a.test"));
        assertEquals(1, dns.queries("origin.a.test"), "the second lookup came from the cache");
        dns.put("origin.a.test", "127.0.0.8", 60);
        awaitExpiry(resolver, "origin.a.test");
        assertEquals("127.0.0.8", resolve(resolver, "origin.a.test"));
        assertEquals(2, dns.queries("origin.a.test"));
    }

    @Test
    void aFailingResolverIsSkippedForTheNext() throws Exception {
        dns.put("origin.b.test", "127.0.0.9", 60);
        OriginResolver resolver = new OriginResolver(List.of(broken.address(), dns.address()), Duration.ofSeconds(2),
                false, Duration.ofHours(1), meters);
        assertEquals("127.0.0.9", resolve(resolver, "origin.b.test"));
        assertEquals(1, broken.queries("origin.b.test"));
    }

    @Test
    void whenEveryResolverFailsTheLookupFailsSayingSo() {
        OriginResolver resolver = new OriginResolver(List.of(broken.address()), Duration.ofSeconds(2), false,
                Duration.ofHours(1), meters);
        ExecutionException e = assertThrows(ExecutionException.class, () -> resolve(resolver, "origin.c.test"));
        assertInstanceOf(DnsLookupException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("DNS lookup failed for origin.c.test"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("SERVFAIL"), e.getCause().getMessage());
        assertEquals(1.0, meters.counter("edge.dns.failures").count());
    }

    @Test
    void serveStaleKeepsTheLastAnswerWhileResolversFailAndOnlyThen() throws Exception {
        dns.put("origin.d.test", "127.0.0.10", 1);
        OriginResolver stale = resolver(true);
        OriginResolver strict = resolver(false);
        assertEquals("127.0.0.10", resolve(stale, "origin.d.test"));
        assertEquals("127.0.0.10", resolve(strict, "origin.d.test"));
        dns.failing(true);
        awaitExpiry(stale, "origin.d.test");
        awaitExpiry(strict, "origin.d.test");
        assertEquals("127.0.0.10", resolve(stale, "origin.d.test"), "served stale");
        assertEquals(1.0, meters.counter("edge.dns.stale.served").count());
        assertThrows(ExecutionException.class, () -> resolve(strict, "origin.d.test"));
        assertEquals(4, dns.queries("origin.d.test"), "both asked again after the TTL");
    }

    @Test
    void srvAnswersAreOrderedByPriorityCachedForTheirTtlAndServedStaleLikeAddresses() throws Exception {
        String name = "_http._tcp.origin.e.test";
        dns.putSrv(name, 1, "20 10 8089 west.e.test", "10 10 8087 east.e.test");
        OriginResolver resolver = resolver(true);
        List<SrvTarget> targets = resolver.resolveSrv(name).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(new SrvTarget(10, 10, 8087, "east.e.test"), new SrvTarget(20, 10, 8089, "west.e.test")),
                targets);
        resolver.resolveSrv(name).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, dns.queries(name), "the second lookup came from the cache");
        dns.failing(true);
        awaitExpiry(resolver, name + " SRV");
        assertEquals(targets, resolver.resolveSrv(name).toCompletableFuture().get(10, TimeUnit.SECONDS), "served stale");
        assertEquals(2, dns.queries(name));
    }

    @Test
    void aNameWithoutSrvRecordsFailsSayingSo() {
        dns.put("origin.f.test", "127.0.0.11", 60);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> resolver(false).resolveSrv("origin.f.test").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("no SRV records"), e.getCause().getMessage());
    }
}
