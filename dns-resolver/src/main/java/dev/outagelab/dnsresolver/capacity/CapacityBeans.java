package dev.outagelab.dnsresolver.capacity;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;

/** One limiter per instance, from {@code dns.capacity.*}; a negative setting fails start-up naming its key. */
public class CapacityBeans {

    @Produces
    @Singleton
    CapacityLimiter limiter(DnsConfig config) {
        return new CapacityLimiter(config.capacity().maxConcurrent(), config.capacity().qps(), System::nanoTime);
    }
}
