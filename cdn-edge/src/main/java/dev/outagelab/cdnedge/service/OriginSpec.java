package dev.outagelab.cdnedge.service;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a service's content comes from: a DNS name and port, optionally pinned to an address (the 2018 operator's
 * workaround when the resolvers failed), and pool settings that override the edge's {@code edge.origin.*} defaults.
 */
public record OriginSpec(
        String host,
        int port,
        Optional<String> pinAddress,
        Optional<Duration> connectTimeout,
        Optional<Duration> readTimeout,
        Optional<Integer> maxConnections,
        Optional<Duration> maxWait,
        Optional<Integer> breakerFailures) {

    /** The pool and breaker are shared by every service that names the same origin this way. */
    public String key() {
        return host + ":" + port + pinAddress.map(a -> "@" + a).orElse("");
    }
}
