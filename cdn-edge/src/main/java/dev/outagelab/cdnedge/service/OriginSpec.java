package dev.outagelab.cdnedge.service;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a service's content comes from, in one of two shapes. A DNS name and port ({@code host}, {@code port}),
 * optionally pinned to an address (the 2018 operator's workaround when the resolvers failed): what Kubernetes gives,
 * a Service name. Or an SRV name ({@code srv} true, {@code host} the SRV owner name such as
 * {@code _http._tcp.origin.news.lab.internal}, {@code port} 0) whose records list the origin servers and their
 * ports, so the origin can follow a failover. Pool settings override the edge's {@code edge.origin.*} defaults.
 */
public record OriginSpec(
        String host,
        int port,
        boolean srv,
        Optional<String> pinAddress,
        Optional<Duration> connectTimeout,
        Optional<Duration> readTimeout,
        Optional<Integer> maxConnections,
        Optional<Duration> maxWait,
        Optional<Integer> breakerFailures) {

    /** The pool and breaker are shared by every service that names the same origin this way. */
    public String key() {
        return srv ? "srv " + host : host + ":" + port + pinAddress.map(a -> "@" + a).orElse("");
    }
}
