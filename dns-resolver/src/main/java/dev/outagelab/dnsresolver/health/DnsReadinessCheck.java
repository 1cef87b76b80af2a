package dev.outagelab.dnsresolver.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outagelab.dnsresolver.server.DnsServer;
import dev.outagelab.dnsresolver.zone.Authority;

/**
 * Ready only when both sockets are bound and our own UDP port answers our SOA: a bound socket whose loop has
 * died would otherwise look healthy.
 */
@Readiness
@ApplicationScoped
public class DnsReadinessCheck implements HealthCheck {

    private final DnsServer server;
    private final Authority authority;
    private final SelfQuery selfQuery;

    DnsReadinessCheck(DnsServer server, Authority authority, SelfQuery selfQuery) {
        this.server = server;
        this.authority = authority;
        this.selfQuery = selfQuery;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("dns")
                .withData("port", server.port())
                .withData("records", authority.recordCount())
                .withData("udp", server.udpBound())
                .withData("tcp", server.tcpBound());
        Optional<String> problem = selfQuery.problem();
        return problem.isEmpty() ? health.up().build() : health.down().withData("error", problem.get()).build();
    }
}
