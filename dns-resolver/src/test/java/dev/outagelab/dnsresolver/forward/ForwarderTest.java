package dev.outagelab.dnsresolver.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.server.DnsMetrics;
import dev.outagelab.dnsresolver.zone.Authority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The forwarder against a real upstream on loopback ({@link FakeUpstream}), with the cache on a fake clock so TTLs
 * expire without waiting: the TTL counted down and honoured, negative caching for the SOA's minimum, and
 * serve-stale only when switched on.
 */
class ForwarderTest {

    private static final Name WWW = Name.fromConstantString("www.upstream.test.");
    private static final Name MISSING = Name.fromConstantString("missing.upstream.test.");
    private static final Name LAB = Name.fromConstantString("lab.internal.");
    private static final Name PRIMARY = Name.fromConstantString("primary.db.lab.internal.");

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

    /** Upstream timeout 500 ms; the client response timer (10 s) never fires before the upstreams have failed. */
    private Forwarder forwarder(boolean serveStale) {
        return forwarder(serveStale, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    private Forwarder forwarder(boolean serveStale, Duration timeout, Duration clientTimer) {
        ForwardCache cache = new ForwardCache(100, serveStale ? Duration.ofDays(1) : Duration.ZERO, nanos::get);
        return new Forwarder(List.of(upstream.address()), cache, LAB,
                new Forwarder.Settings(timeout, Duration.ofDays(1), Duration.ofHours(3), serveStale,
                        Duration.ofSeconds(30), clientTimer), new DnsMetrics(registry));
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

    private static String address(Record r) {
        return ((ARecord) r).getAddress().getHostAddress();
    }

    @Test
    void theClientResponseTimerAnswersStaleWhileTheSlowUpstreamIsStillAskedAndThenRefreshes() throws Exception {
        // Upstream timeout 5 s, timer 200 ms, upstream 3 s slow: without the timer the client would wait 3 s.
        Forwarder forwarder = forwarder(true, Duration.ofSeconds(5), Duration.ofMillis(200));
        ask(forwarder, WWW);
        advance(3600);
        upstream.answer(new ARecord(WWW, DClass.IN, 60, InetAddress.getByName("192.0.2.8")));
        upstream.delay(Duration.ofSeconds(3));
        long start = System.nanoTime();
        Message stale = ask(forwarder, WWW);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("192.0.2.7", address(stale.getSection(Section.ANSWER).get(0)), "the expired answer");
        assertEquals(30, answerTtl(stale), "RFC 8767's stale answer TTL");
        assertTrue(tookMillis >= 150 && tookMillis < 2800, "answered by the timer, not the upstream: " + tookMillis);
        assertEquals(2, upstream.questions(), "the upstream was still asked");
        // The lookup goes on: once the slow answer arrives it is cached (fresh, TTL 60) and served without asking.
        // Meanwhile each ask is answered stale by the timer (so this loop does not spin) and asks again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Message refreshed = null;
        while (refreshed == null && System.nanoTime() < deadline) {
            Message m = ask(forwarder, WWW);
            if (address(m.getSection(Section.ANSWER).get(0)).equals("192.0.2.8")) {
                refreshed = m;
            }
        }
        assertTrue(refreshed != null, "the slow upstream's answer refreshed the cache");
        assertEquals(60, answerTtl(refreshed), "fresh, not stale");
        int before = upstream.questions();
        assertEquals(60, answerTtl(ask(forwarder, WWW)));
        assertEquals(before, upstream.questions(), "now answered from the cache");
    }

    @Test
    void withoutAnExpiredAnswerTheClientWaitsForTheSlowUpstream() throws Exception {
        Forwarder forwarder = forwarder(true, Duration.ofSeconds(5), Duration.ofMillis(200));
        upstream.delay(Duration.ofMillis(800));
        long start = System.nanoTime();
        Message answer = ask(forwarder, WWW);
        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertEquals(60, answerTtl(answer));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(700), "it waited for the upstream");
    }

    @Test
    void withoutServeStaleTheTimerNeverAnswersAndASlowUpstreamIsWaitedFor() throws Exception {
        Forwarder forwarder = forwarder(false, Duration.ofSeconds(5), Duration.ofMillis(200));
        ask(forwarder, WWW);
        advance(3600);
        upstream.answer(new ARecord(WWW, DClass.IN, 60, InetAddress.getByName("192.0.2.8")));
        upstream.delay(Duration.ofMillis(800));
        assertEquals("192.0.2.8", address(ask(forwarder, WWW).getSection(Section.ANSWER).get(0)));
    }

    /** What Authority answers for primary.db when its CNAME points at {@code target}. */
    private static Message authoritative(Message query, Name target) {
        Message answer = Authority.reply(query, Rcode.NOERROR);
        answer.getHeader().setFlag(Flags.AA);
        answer.addRecord(new CNAMERecord(PRIMARY, DClass.IN, 5, target), Section.ANSWER);
        return answer;
    }

    @Test
    void aCnameOfOursThatLeavesTheZoneIsChasedThroughTheUpstream() throws Exception {
        Forwarder forwarder = forwarder(false);
        Message query = Message.newQuery(Record.newRecord(PRIMARY, Type.A, DClass.IN));
        Message ours = authoritative(query, WWW);
        assertEquals(Optional.of(WWW), forwarder.leavesZone(query, ours));
        Message chased = forwarder.chase(query, ours, WWW).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Rcode.NOERROR, chased.getRcode());
        assertTrue(chased.getHeader().getFlag(Flags.AA), "the name asked is ours");
        assertTrue(chased.getHeader().getFlag(Flags.RA));
        List<Record> answer = chased.getSection(Section.ANSWER);
        assertEquals(2, answer.size());
        assertEquals(WWW, ((CNAMERecord) answer.get(0)).getTarget());
        assertEquals(WWW, answer.get(1).getName());
        assertEquals("192.0.2.7", address(answer.get(1)));
        assertEquals(query.getHeader().getID(), chased.getHeader().getID());

        // The chased target goes through the cache like any forwarded name.
        forwarder.chase(query, authoritative(query, WWW), WWW).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, upstream.questions());
    }

    @Test
    void aChasedTargetThatDoesNotExistIsNxdomainWithTheCnameAndTheUpstreamSoa() throws Exception {
        Forwarder forwarder = forwarder(false);
        Message query = Message.newQuery(Record.newRecord(PRIMARY, Type.A, DClass.IN));
        Message chased = forwarder.chase(query, authoritative(query, MISSING), MISSING).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(Rcode.NXDOMAIN, chased.getRcode(), "RFC 6604: the RCODE of the last name");
        assertEquals(Type.CNAME, chased.getSection(Section.ANSWER).get(0).getType());
        assertEquals(Type.SOA, chased.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void onlyChainsLeavingTheZoneAreChasedAndOnlyWhenForwarding() throws Exception {
        Forwarder forwarder = forwarder(false);
        Message query = Message.newQuery(Record.newRecord(PRIMARY, Type.A, DClass.IN));
        Name inside = Name.fromConstantString("db-node-east-0.db.lab.internal.");
        assertEquals(Optional.empty(), forwarder.leavesZone(query, authoritative(query, inside)));
        Message askedForTheCname = Message.newQuery(Record.newRecord(PRIMARY, Type.CNAME, DClass.IN));
        assertEquals(Optional.empty(), forwarder.leavesZone(askedForTheCname, authoritative(askedForTheCname, WWW)));
        Forwarder off = new Forwarder(List.of(), new ForwardCache(1, Duration.ZERO, nanos::get), LAB,
                new Forwarder.Settings(Duration.ofMillis(500), Duration.ofDays(1), Duration.ofHours(3), false,
                        Duration.ofSeconds(30), Duration.ofMillis(1800)), new DnsMetrics(registry));
        assertEquals(Optional.empty(), off.leavesZone(query, authoritative(query, WWW)));
        assertEquals(0, upstream.questions());
    }
}
