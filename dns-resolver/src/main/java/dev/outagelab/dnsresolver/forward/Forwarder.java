package dev.outagelab.dnsresolver.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.server.DnsMetrics;
import dev.outagelab.dnsresolver.zone.Authority;

/**
 * Answers names outside our zone from the cache or from the upstreams, asynchronously so a slow upstream never
 * holds a listener thread. Upstream NOERROR and NXDOMAIN answers are cached (negative ones per RFC 2308); anything
 * else, or silence from every upstream, is a failure: SERVFAIL, or with serve-stale (RFC 8767) the expired answer.
 */
public class Forwarder {

    /**
     * @param serveStale         RFC 8767: answer from expired entries when every upstream fails
     * @param staleClientTimeout RFC 8767 section 5's client response timer: with serve-stale on and an expired
     *                           entry at hand, how long a client waits for the upstreams before it gets the stale
     *                           answer
     */
    public record Settings(Duration timeout, Duration maxTtl, Duration maxNegativeTtl, boolean serveStale,
            Duration staleAnswerTtl, Duration staleClientTimeout) {
    }

    private final Resolver upstreams;
    private final boolean enabled;
    private final ForwardCache cache;
    private final Name origin;
    private final Settings settings;
    private final DnsMetrics metrics;

    public Forwarder(List<InetSocketAddress> upstreams, ForwardCache cache, Name origin, Settings settings,
            DnsMetrics metrics) {
        this.enabled = !upstreams.isEmpty();
        this.cache = cache;
        this.origin = origin;
        this.settings = settings;
        this.metrics = metrics;
        ExtendedResolver resolver = new ExtendedResolver(upstreams.stream().map(a -> {
            SimpleResolver r = new SimpleResolver(a);
            r.setTimeout(settings.timeout());
            return (Resolver) r;
        }).toList());
        resolver.setLoadBalance(false); // in order: the first upstream is the preferred one
        resolver.setRetries(1);
        resolver.setTimeout(settings.timeout());
        this.upstreams = resolver;
    }

    /** Whether this query is ours to forward: a plain IN question for a name outside the zone. */
    public boolean forwards(Message query) {
        if (!enabled || query.getHeader().getOpcode() != Opcode.QUERY
                || query.getHeader().getCount(Section.QUESTION) != 1) {
            return false;
        }
        Record question = query.getQuestion();
        int type = question.getType();
        return question.getDClass() == DClass.IN && !question.getName().subdomain(origin)
                && type != Type.AXFR && type != Type.IXFR;
    }

    /**
     * The name an authoritative answer's CNAME chain leaves the zone for, when we should finish the chain for the
     * client as a recursive resolver does (Kubernetes: {@code primary.db CNAME db-node-east-0.db-node.<ns>.svc.
     * cluster.local.}); empty when forwarding is off, the chain stays inside, or the client asked for the CNAME.
     */
    public Optional<Name> leavesZone(Message query, Message authoritative) {
        if (!enabled || authoritative.getRcode() != Rcode.NOERROR || query.getQuestion() == null) {
            return Optional.empty();
        }
        int type = query.getQuestion().getType();
        if (type == Type.CNAME || type == Type.ANY) {
            return Optional.empty();
        }
        List<Record> answer = authoritative.getSection(Section.ANSWER);
        if (answer.isEmpty() || !(answer.get(answer.size() - 1) instanceof CNAMERecord last)) {
            return Optional.empty();
        }
        Name target = last.getTarget();
        return target.subdomain(origin) ? Optional.empty() : Optional.of(target);
    }

    /**
     * Finishes an authoritative answer whose CNAME chain leaves the zone (see {@link #leavesZone}): the target is
     * resolved through the cache and the upstreams like any forwarded name, and its records follow our CNAMEs. The
     * RCODE is the target's (RFC 6604: it describes the last name in the chain), and a negative answer brings the
     * upstream's SOA; AA stays, since the first name, the one asked, is ours. RA, as for any forwarded answer.
     */
    public CompletionStage<Message> chase(Message query, Message authoritative, Name target) {
        Message targetQuery = Message.newQuery(Record.newRecord(target, query.getQuestion().getType(), DClass.IN));
        return resolve(targetQuery).thenApply(chased -> {
            authoritative.getHeader().setRcode(chased.getRcode());
            authoritative.getHeader().setFlag(Flags.RA);
            chased.getSection(Section.ANSWER).forEach(r -> authoritative.addRecord(r, Section.ANSWER));
            chased.getSection(Section.AUTHORITY).forEach(r -> authoritative.addRecord(r, Section.AUTHORITY));
            return authoritative;
        });
    }

    public CompletionStage<Message> resolve(Message query) {
        Record question = query.getQuestion();
        ForwardCache.Key key = new ForwardCache.Key(question.getName(), question.getType(), question.getDClass());
        Optional<ForwardCache.Hit> hit = cache.get(key);
        if (hit.isPresent() && !hit.get().stale()) {
            metrics.cacheLookup("hit");
            return CompletableFuture.completedFuture(fromCache(query, hit.get(), false));
        }
        metrics.cacheLookup("miss");
        CompletionStage<Message> sent;
        try {
            sent = upstreams.sendAsync(Message.newQuery(question));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        // Whoever answers first (the upstream, its failure, or the client response timer) claims the answer; the
        // claim comes before the metrics and they before completion, so a client never sees an uncounted answer.
        AtomicBoolean answered = new AtomicBoolean();
        sent.whenComplete((response, error) -> {
            // Stored even when the client timer has already answered stale: the refresh is the point of asking.
            if (error == null && (response.getRcode() == Rcode.NOERROR || response.getRcode() == Rcode.NXDOMAIN)) {
                store(key, response);
                if (answered.compareAndSet(false, true)) {
                    result.complete(fromUpstream(query, response));
                }
                return;
            }
            metrics.upstreamFailed(error == null ? Rcode.string(response.getRcode()) : "no-answer");
            if (!answerStale(query, key, result, answered) && answered.compareAndSet(false, true)) {
                result.complete(Authority.reply(query, Rcode.SERVFAIL));
            }
        });
        if (hit.isPresent() && !answered.get()) {
            // RFC 8767 section 5, the client response timer: an expired answer exists (so serve-stale is on) and the
            // upstreams are slow; the client gets the stale answer now rather than wait out every upstream timeout.
            CompletableFuture.delayedExecutor(settings.staleClientTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> answerStale(query, key, result, answered));
        }
        return result;
    }

    /** Completes {@code result} with the cached answer, if serve-stale keeps one and nothing has answered yet. */
    private boolean answerStale(Message query, ForwardCache.Key key, CompletableFuture<Message> result,
            AtomicBoolean answered) {
        if (!settings.serveStale() || answered.get()) {
            return false;
        }
        Optional<ForwardCache.Hit> cached = cache.get(key);
        if (cached.isEmpty() || !answered.compareAndSet(false, true)) {
            return false;
        }
        // Fresh if the upstream's answer was stored meanwhile, stale otherwise.
        metrics.cacheLookup(cached.get().stale() ? "stale" : "hit");
        result.complete(fromCache(query, cached.get(), cached.get().stale()));
        return true;
    }

    /** RFC 1035 for answers (the smallest TTL in the answer), RFC 2308 for NXDOMAIN and NODATA (the SOA's). */
    private void store(ForwardCache.Key key, Message response) {
        List<Record> answer = response.getSection(Section.ANSWER);
        List<Record> authority = response.getSection(Section.AUTHORITY);
        long ttl;
        if (response.getRcode() == Rcode.NOERROR && !answer.isEmpty()) {
            ttl = Math.min(answer.stream().mapToLong(Record::getTTL).min().orElse(0), settings.maxTtl().toSeconds());
        } else {
            Optional<SOARecord> soa = authority.stream().filter(SOARecord.class::isInstance)
                    .map(SOARecord.class::cast).findFirst();
            if (soa.isEmpty()) {
                return; // RFC 2308 section 5: no SOA, no negative caching
            }
            ttl = Math.min(Math.min(soa.get().getTTL(), soa.get().getMinimum()),
                    settings.maxNegativeTtl().toSeconds());
        }
        if (ttl > 0) {
            cache.put(key, new ForwardCache.Entry(response.getRcode(), List.copyOf(answer), List.copyOf(authority),
                    cache.now(), Duration.ofSeconds(ttl)));
        }
    }

    private static Message fromUpstream(Message query, Message response) {
        Message reply = Authority.reply(query, response.getRcode());
        reply.getHeader().setFlag(Flags.RA);
        response.getSection(Section.ANSWER).forEach(r -> reply.addRecord(r, Section.ANSWER));
        response.getSection(Section.AUTHORITY).forEach(r -> reply.addRecord(r, Section.AUTHORITY));
        return reply;
    }

    /** TTLs count down by the entry's age; a stale answer carries the stale-answer TTL (RFC 8767 section 4). */
    private Message fromCache(Message query, ForwardCache.Hit hit, boolean stale) {
        Message reply = Authority.reply(query, hit.entry().rcode());
        reply.getHeader().setFlag(Flags.RA);
        long age = hit.age().toSeconds();
        for (Record r : hit.entry().answer()) {
            reply.addRecord(withTtl(r, stale ? settings.staleAnswerTtl().toSeconds() : r.getTTL() - age),
                    Section.ANSWER);
        }
        for (Record r : hit.entry().authority()) {
            reply.addRecord(withTtl(r, stale ? settings.staleAnswerTtl().toSeconds() : r.getTTL() - age),
                    Section.AUTHORITY);
        }
        return reply;
    }

    private static Record withTtl(Record r, long ttl) {
        return Record.newRecord(r.getName(), r.getType(), r.getDClass(), Math.max(0, ttl), r.rdataToWireCanonical());
    }

    public boolean enabled() {
        return enabled;
    }
}
