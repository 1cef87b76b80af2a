package dev.outagelab.dnsresolver.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /** @param serveStale RFC 8767: answer from expired entries when every upstream fails */
    public record Settings(Duration timeout, Duration maxTtl, Duration maxNegativeTtl, boolean serveStale,
            Duration staleAnswerTtl) {
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
        return sent.handle((response, error) -> {
            if (error == null && (response.getRcode() == Rcode.NOERROR || response.getRcode() == Rcode.NXDOMAIN)) {
                store(key, response);
                return fromUpstream(query, response);
            }
            metrics.upstreamFailed(error == null ? Rcode.string(response.getRcode()) : "no-answer");
            Optional<ForwardCache.Hit> stale = settings.serveStale() ? cache.get(key) : Optional.empty();
            if (stale.isPresent()) {
                metrics.cacheLookup("stale");
                return fromCache(query, stale.get(), true);
            }
            return Authority.reply(query, Rcode.SERVFAIL);
        });
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
