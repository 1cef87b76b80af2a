package dev.outagelab.dnsresolver.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.server.DnsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The forwarder against a real upstream on loopback ({@link FakeUpstream}), with the cache on a fake clock so TTLs
 * expire without waiting: the TTL counted down and honoured, negative caching for the SOA's minimum, and
 * serve-stale only when switched on.
 */
class ForwarderTest {

    private static final Name WWW = Name.fromConstantString("www.upstream.test.");
    private static final Name MISSING = Name.fromConstantString("missing.upstream.test.");

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeUpstream upstream;

    ForwarderTest() throws Exception {
        upstream = new FakeUpstream();
        upstream.answer(new ARecord(WWW, DClass.IN, 60, InetAddress.getByName("192.0.2.7")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        upstream.close();
    }

    private Forwarder forwarder(boolean serveStale) {
        ForwardCache cache = new ForwardCache(100, serveStale ? Duration.ofDays(1) : Duration.ZERO, nanos::get);
        return new Forwarder(List.of(upstream.address()), cache, Name.fromConstantString("lab.internal."),
                new Forwarder.Settings(Duration.ofMillis(500), Duration.ofDays(1), Duration.ofHours(3), serveStale,
                        Duration.ofSeconds(30)), new DnsMetrics(registry));
    }

    private static Message ask(Forwarder forwarder, Name name) throws Exception {
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        assertTrue(forwarder.forwards(query));
        Message reply = forwarder.resolve(query).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(query.getHeader().getID(), reply.getHeader().getID());
        return reply;
    }

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static long answerTtl(Message reply) {
        return reply.getSection(Section.ANSWER).get(0).getTTL();
    }

    @Test
    void anAnswerIsCachedForItsTtlWhichCountsDown() throws Exception {
        Forwarder forwarder = forwarder(false);
        Message first = ask(forwarder, WWW);
        assertEquals(Rcode.NOERROR, first.getRcode());
        assertTrue(first.getHeader().getFlag(Flags.RA));
        assertEquals(60, answerTtl(first));
        assertEquals(1, upstream.questions());

        advance(45);
        Message cached = ask(forwarder, WWW);
        assertEquals(15, answerTtl(cached), "the TTL counts down while cached");
        assertEquals(1, upstream.questions(), "answered from the cache");

        advance(15);
        assertEquals(60, answerTtl(ask(forwarder, WWW)), "expired: asked upstream again");
        assertEquals(2, upstream.questions());
        assertEquals(1.0 / 3, registry.get("dns.cache.hit.ratio").gauge().value(), 1e-9);
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() throws Exception {
        Forwarder forwarder = forwarder(false);
        Message first = ask(forwarder, MISSING);
        assertEquals(Rcode.NXDOMAIN, first.getRcode());
        advance(FakeUpstream.NEGATIVE_TTL - 1);
        Message cached = ask(forwarder, MISSING);
        assertEquals(Rcode.NXDOMAIN, cached.getRcode());
        assertEquals(1, upstream.questions(), "the negative answer came from the cache");
        assertEquals(60 - (FakeUpstream.NEGATIVE_TTL - 1), cached.getSection(Section.AUTHORITY).get(0).getTTL());
        advance(1);
        ask(forwarder, MISSING);
        assertEquals(2, upstream.questions(), "min(SOA TTL 60, minimum 5) = 5 s, then it is asked again");
    }

    @Test
    void aNegativeAnswerWithoutSoaIsNotCached() throws Exception {
        upstream.leaveSoaOutOfNegatives();
        Forwarder forwarder = forwarder(false);
        ask(forwarder, MISSING);
        ask(forwarder, MISSING);
        assertEquals(2, upstream.questions());
    }

    @Test
    void withoutServeStaleADeadUpstreamMeansServfail() throws Exception {
        Forwarder forwarder = forwarder(false);
        ask(forwarder, WWW);
        advance(61);
        upstream.close();
        assertEquals(Rcode.SERVFAIL, ask(forwarder, WWW).getRcode());
    }

    @Test
    void withServeStaleADeadUpstreamGetsTheExpiredAnswerWithTheStaleTtl() throws Exception {
        Forwarder forwarder = forwarder(true);
        ask(forwarder, WWW);
        advance(3600);
        upstream.close();
        Message stale = ask(forwarder, WWW);
        assertEquals(Rcode.NOERROR, stale.getRcode());
        assertEquals("192.0.2.7", ((ARecord) stale.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        assertEquals(30, answerTtl(stale), "RFC 8767's stale answer TTL");
        assertEquals(1.0, registry.get("dns.cache.lookups").tag("result", "stale").counter().count());
        advance(Duration.ofDays(2).toSeconds());
        assertEquals(Rcode.SERVFAIL, ask(forwarder, WWW).getRcode(), "past max-stale it is gone");
    }

    @Test
    void onlyPlainQuestionsOutsideTheZoneAreForwarded() {
        Forwarder forwarder = forwarder(false);
        assertTrue(!forwarder.forwards(Message.newQuery(Record.newRecord(Name.fromConstantString(
                "origin.news.lab.internal."), Type.A, DClass.IN))));
        assertTrue(!forwarder.forwards(Message.newQuery(Record.newRecord(WWW, Type.AXFR, DClass.IN))));
        assertTrue(!forwarder.forwards(Message.newQuery(Record.newRecord(WWW, Type.A, DClass.CH))));
    }
}
