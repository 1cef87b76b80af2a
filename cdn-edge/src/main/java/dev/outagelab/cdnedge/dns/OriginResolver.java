package dev.outagelab.cdnedge.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.outagelab.cdnedge.config.EdgeConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Resolves origin names by asking the lab's resolvers directly over UDP (falling back to TCP for truncated
 * answers), never through the JVM's own resolver and its process-wide cache. Answers are cached for their TTL;
 * concurrent lookups of one name share one query. With {@code edge.dns.serve-stale} an expired answer keeps being
 * used while every resolver fails (RFC 8767); without it, the origin is unreachable as soon as the TTL runs out.
 */
@Singleton
public class OriginResolver {

    private static final Logger LOG = Logger.getLogger(OriginResolver.class);

    /**
     * An answer: the addresses of an A lookup or the targets of an SRV lookup, when it was received and when its
     * TTL ends (epoch millis).
     */
    public record Answer(List<String> addresses, List<SrvTarget> targets, long receivedAt, long expiresAt) {
    }

    private final List<SimpleResolver> resolvers = new ArrayList<>();
    private final List<String> resolverNames;
    private final boolean serveStale;
    private final Duration staleMax;
    private final MeterRegistry meters;
    private final Map<String, Answer> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Answer>> inflight = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final RandomGenerator random = RandomGenerator.getDefault();

    @Inject
    OriginResolver(EdgeConfig config, MeterRegistry meters) {
        this(config.dns().resolvers(), config.dns().timeout(), config.dns().serveStale(), config.dns().staleMax(),
                meters);
    }

    public OriginResolver(List<String> resolverAddresses, Duration timeout, boolean serveStale, Duration staleMax,
                          MeterRegistry meters) {
        this.serveStale = serveStale;
        this.staleMax = staleMax;
        this.meters = meters;
        this.resolverNames = List.copyOf(resolverAddresses);
        for (String address : resolverNames) {
            resolvers.add(resolver(address, timeout));
        }
    }

    private static SimpleResolver resolver(String address, Duration timeout) {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? 53 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || colon == 0) {
            throw new IllegalArgumentException("edge.dns.resolvers must hold host:port addresses, had '" + address + "'");
        }
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(address.substring(0, colon), port));
        resolver.setTimeout(timeout);
        return resolver;
    }

    /** One address for the name, from the cache while its TTL lasts. Completes exceptionally with DnsLookupException. */
    public CompletionStage<String> resolve(String host) {
        return answer(host, Type.A).thenApply(this::pick);
    }

    /**
     * The servers an SRV name lists, in the order one request should try them (priority, then weighted random),
     * with the same cache, sharing of concurrent lookups and serve-stale as address lookups.
     */
    public CompletionStage<List<SrvTarget>> resolveSrv(String name) {
        return answer(name, Type.SRV).thenApply(a -> SrvTarget.order(a.targets(), random));
    }

    /** Cached answers by name; SRV answers under "{name} SRV". */
    public Map<String, Answer> cached() {
        return Map.copyOf(cache);
    }

    private static String cacheKey(String name, int type) {
        return type == Type.A ? name : name + " " + Type.string(type);
    }

    private CompletionStage<Answer> answer(String name, int type) {
        String key = cacheKey(name, type);
        Answer cached = cache.get(key);
        if (cached != null && System.currentTimeMillis() < cached.expiresAt()) {
            return CompletableFuture.completedFuture(cached);
        }
        return lookup(name, type)
                .handle((answer, failure) -> {
                    if (failure == null) {
                        return answer;
                    }
                    Answer stale = cache.get(key);
                    if (serveStale && stale != null
                            && System.currentTimeMillis() < stale.expiresAt() + staleMax.toMillis()) {
                        meters.counter("edge.dns.stale.served").increment();
                        return stale;
                    }
                    throw new CompletionException(unwrap(failure));
                });
    }

    /** The lookup under way for this name, or a new one; it completes after the cache and counters saw it. */
    private CompletableFuture<Answer> lookup(String host, int type) {
        String key = cacheKey(host, type);
        CompletableFuture<Answer> query = new CompletableFuture<>();
        CompletableFuture<Answer> done = query.whenComplete((answer, failure) -> {
            if (answer != null) {
                cache.put(key, answer);
            } else {
                meters.counter("edge.dns.failures").increment();
            }
        });
        CompletableFuture<Answer> running = inflight.putIfAbsent(key, done);
        if (running != null) {
            return running;
        }
        done.whenComplete((answer, failure) -> inflight.remove(key, done));
        try {
            Message message = Message.newQuery(Record.newRecord(Name.fromString(host, Name.root), type, DClass.IN));
            ask(host, message, 0, new ArrayList<>(), query);
        } catch (TextParseException e) {
            query.completeExceptionally(new DnsLookupException("DNS lookup failed: '" + host + "' is not a name"));
        }
        return done;
    }

    /** Asks resolver i, and the next one on a timeout or server failure; NXDOMAIN is an answer, not a failure. */
    private void ask(String host, Message query, int i, List<String> problems, CompletableFuture<Answer> result) {
        if (i >= resolvers.size()) {
            result.completeExceptionally(new DnsLookupException("DNS lookup failed for " + host + ": "
                    + String.join("; ", problems)));
            return;
        }
        String name = resolverNames.get(i);
        resolvers.get(i).sendAsync(query).whenComplete((response, failure) -> {
            if (failure != null) {
                problems.add(name + " did not answer (" + unwrap(failure).getClass().getSimpleName() + ")");
                ask(host, query, i + 1, problems, result);
                return;
            }
            int rcode = response.getRcode();
            List<String> addresses = new ArrayList<>();
            List<SrvTarget> targets = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (Record record : response.getSection(Section.ANSWER)) {
                ttl = Math.min(ttl, record.getTTL());
                if (record instanceof ARecord a) {
                    addresses.add(a.getAddress().getHostAddress());
                } else if (record instanceof SRVRecord srv && srv.getPort() > 0) {
                    targets.add(new SrvTarget(srv.getPriority(), srv.getWeight(), srv.getPort(),
                            srv.getTarget().toString(true)));
                }
            }
            int type = query.getQuestion().getType();
            boolean found = type == Type.SRV ? !targets.isEmpty() : !addresses.isEmpty();
            if (rcode == Rcode.NOERROR && found) {
                long now = System.currentTimeMillis();
                result.complete(new Answer(List.copyOf(addresses), List.copyOf(targets), now, now + ttl * 1000));
            } else if (rcode == Rcode.NXDOMAIN || rcode == Rcode.NOERROR) {
                result.completeExceptionally(new DnsLookupException("DNS lookup failed for " + host + ": " + name
                        + " answered " + (rcode == Rcode.NXDOMAIN ? "NXDOMAIN"
                        : type == Type.SRV ? "no SRV records" : "no address records")));
            } else {
                problems.add(name + " answered " + Rcode.string(rcode));
                LOG.debugf("resolver %s answered %s for %s", name, Rcode.string(rcode), host);
                ask(host, query, i + 1, problems, result);
            }
        });
    }

    private String pick(Answer answer) {
        List<String> addresses = answer.addresses();
        return addresses.get(Math.floorMod(roundRobin.getAndIncrement(), addresses.size()));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException
                || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
