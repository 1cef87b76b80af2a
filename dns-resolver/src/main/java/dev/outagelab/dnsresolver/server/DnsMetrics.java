package dev.outagelab.dnsresolver.server;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.xbill.DNS.Rcode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The DNS meters, named once here so the status page and the benchmarks read the same series. The per-query meters
 * are registered once and kept: looking a meter up in the registry on every packet (building its id, sorting its
 * tags) cost more than answering the query.
 */
@Singleton
public class DnsMetrics {

    private final MeterRegistry registry;

    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final Map<Transport, Counter> queries = new EnumMap<>(Transport.class);
    private final Map<Transport, Timer> latency = new EnumMap<>(Transport.class);
    /** By transport, then by RCODE (registered the first time one is sent). */
    private final Map<Transport, Map<Integer, Counter>> answers = new EnumMap<>(Transport.class);

    public DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Transport transport : Transport.values()) {
            queries.put(transport, Counter.builder("dns.queries").description("DNS packets received")
                    .tag("transport", transport.tag()).register(registry));
            latency.put(transport, Timer.builder("dns.query.latency")
                    .description("From packet received to response handed to the socket")
                    .tag("transport", transport.tag()).publishPercentileHistogram().register(registry));
            answers.put(transport, new ConcurrentHashMap<>());
        }
        Gauge.builder("dns.cache.hit.ratio", this, DnsMetrics::cacheHitRatio)
                .description("Forwarded queries answered fresh from the cache, over all forwarded queries")
                .register(registry);
    }

    /** A forwarded query's cache lookup: {@code hit} (fresh), {@code miss}, or {@code stale} (served stale). */
    public void cacheLookup(String result) {
        if (result.equals("hit")) {
            cacheHits.incrementAndGet();
        } else if (result.equals("miss")) {
            cacheMisses.incrementAndGet();
        }
        Counter.builder("dns.cache.lookups").description("Cache lookups of forwarded queries").tag("result", result)
                .register(registry).increment();
    }

    /** Every upstream failed: {@code outcome} is their RCODE, or {@code no-answer} for timeouts and errors. */
    public void upstreamFailed(String outcome) {
        Counter.builder("dns.forward.failures").description("Forwarded queries no upstream answered usefully")
                .tag("outcome", outcome).register(registry).increment();
    }

    double cacheHitRatio() {
        long hits = cacheHits.get();
        long total = hits + cacheMisses.get();
        return total == 0 ? 0 : (double) hits / total;
    }

    public void query(Transport transport) {
        queries.get(transport).increment();
    }

    public void answered(Transport transport, int rcode, Duration took) {
        answers.get(transport).computeIfAbsent(rcode, r -> Counter.builder("dns.answers")
                .description("DNS responses sent").tag("transport", transport.tag()).tag("rcode", Rcode.string(r))
                .register(registry)).increment();
        latency.get(transport).record(took);
    }

    /** A packet we read but did not answer: unparseable, a response sent to us, or a connection refused. */
    public void dropped(Transport transport, String reason) {
        Counter.builder("dns.drops").description("DNS packets or connections dropped without an answer")
                .tag("transport", transport.tag()).tag("reason", reason).register(registry).increment();
    }

    /** A query refused for capacity (answered SERVFAIL); {@code reason} is {@code concurrency} or {@code rate}. */
    public void shed(Transport transport, String reason) {
        Counter.builder("dns.queries.shed").description("DNS queries answered SERVFAIL because the instance was full")
                .tag("transport", transport.tag()).tag("reason", reason).register(registry).increment();
    }

    /** Same meter as the kit's HTTP fault filter, so one query shows faults on every transport. */
    public void faultApplied(String action) {
        registry.counter("lab.faults.applied", "action", action).increment();
    }
}
