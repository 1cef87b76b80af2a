package dev.outagelab.cdnedge.config;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.dns.OriginResolver;
import dev.outagelab.cdnedge.release.Release;
import dev.outagelab.cdnedge.service.ConfigParser;
import io.quarkus.runtime.StartupEvent;

/**
 * Checks the settings whose wrong values the types cannot catch, at start-up, so a bad value stops the edge with one
 * message naming the key instead of failing the first request that needs it.
 */
@Singleton
public class EdgeConfigCheck {

    void check(@Observes StartupEvent event, EdgeConfig config, OriginResolver resolver) {
        List<String> problems = new ArrayList<>();
        try {
            Release.of(config.release());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (config.cache().maxBytes() < 1) {
            problems.add("edge.cache.max-bytes must be positive, was " + config.cache().maxBytes());
        }
        if (config.cache().maxObjectBytes() < 1) {
            problems.add("edge.cache.max-object-bytes must be positive, was " + config.cache().maxObjectBytes());
        }
        if (config.cache().keepForRevalidation().isNegative()) {
            problems.add("edge.cache.keep-for-revalidation must not be negative, was "
                    + config.cache().keepForRevalidation());
        }
        if (config.origin().maxConnections() < 1 || config.origin().maxConnections() > 2_000) {
            problems.add("edge.origin.max-connections must be 1 to 2000, was " + config.origin().maxConnections());
        }
        if (config.origin().breakerFailures() < 0) {
            problems.add("edge.origin.breaker-failures must be 0 (off) or more, was " + config.origin().breakerFailures());
        }
        double rate = config.activation().maxErrorRate();
        if (rate < 0 || rate > 1) {
            problems.add("edge.activation.max-error-rate must be between 0 and 1, was " + rate);
        }
        config.services().defaultOriginSrv().filter(srv -> !ConfigParser.SRV_NAME.matcher(srv).matches())
                .ifPresent(srv -> problems.add("edge.services.default-origin-srv must be a lower-case SRV name like "
                        + "_http._tcp.origin.news.lab.internal, was '" + srv + "'"));
        if (config.origin().srvAttempts() < 1 || config.origin().srvAttempts() > 10) {
            problems.add("edge.origin.srv-attempts must be 1 to 10, was " + config.origin().srvAttempts());
        }
        if (config.dns().resolvers().isEmpty()) {
            problems.add("edge.dns.resolvers needs at least one host:port");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }
}
