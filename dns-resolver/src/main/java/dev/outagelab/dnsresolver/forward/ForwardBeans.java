package dev.outagelab.dnsresolver.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;
import dev.outagelab.dnsresolver.server.DnsMetrics;
import dev.outagelab.dnsresolver.zone.ZoneStore;

/** The forwarder from {@code dns.forward.*}; a malformed upstream or a bad bound stops start-up naming the key. */
public class ForwardBeans {

    @Produces
    @Singleton
    Forwarder forwarder(DnsConfig config, ZoneStore zone, DnsMetrics metrics) {
        DnsConfig.Forward f = config.forward();
        requirePositive("dns.forward.timeout", f.timeout());
        requirePositive("dns.forward.max-ttl", f.maxTtl());
        requirePositive("dns.forward.stale-answer-ttl", f.staleAnswerTtl());
        requirePositive("dns.forward.stale-answer-client-timeout", f.staleAnswerClientTimeout());
        if (f.maxNegativeTtl().isNegative() || f.maxStale().isNegative()) {
            throw new IllegalArgumentException("dns.forward.max-negative-ttl and dns.forward.max-stale must not be "
                    + "negative");
        }
        ForwardCache cache = new ForwardCache(f.cacheSize(), f.serveStale() ? f.maxStale() : Duration.ZERO,
                System::nanoTime);
        return new Forwarder(upstreams(f.upstreams().orElse(List.of())), cache, zone.current().getOrigin(),
                new Forwarder.Settings(f.timeout(), f.maxTtl(), f.maxNegativeTtl(), f.serveStale(),
                        f.staleAnswerTtl(), f.staleAnswerClientTimeout()), metrics);
    }

    static List<InetSocketAddress> upstreams(List<String> entries) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new IllegalArgumentException("no port");
                }
                int port = Integer.parseInt(entry.substring(colon + 1).strip());
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("port out of range");
                }
                String host = entry.substring(0, colon).strip().replace("[", "").replace("]", "");
                out.add(new InetSocketAddress(host, port));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dns.forward.upstreams: '" + entry + "' is not host:port ("
                        + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + value + " must be more than 0");
        }
    }
}
