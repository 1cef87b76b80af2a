package dev.outagelab.cdnedge.metrics;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.cache.EdgeCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The cache's size on /q/metrics. Request counts by status and cache result ({@code edge.requests}), origin fetch
 * latency and pool gauges ({@code edge.origin.*}), coalesced requests ({@code edge.coalesced}) and DNS failures
 * ({@code edge.dns.failures}) are recorded where they happen.
 */
@Singleton
public class CacheMetrics {

    void register(@Observes StartupEvent started, EdgeCache cache, MeterRegistry registry) {
        Gauge.builder("edge.cache.size", cache, EdgeCache::weightedBytes).baseUnit("bytes")
                .description("Bytes the cache holds, bodies and headers").register(registry);
        Gauge.builder("edge.cache.objects", cache, EdgeCache::objectCount)
                .description("Objects the cache holds, every variant counted").register(registry);
    }
}
