package dev.outagelab.dnsresolver.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.server.DnsServer;
import dev.outagelab.dnsresolver.server.SelfProbe;
import dev.outagelab.dnsresolver.zone.Authority;

/**
 * Ready only when both sockets are bound and our own UDP port answers our SOA: a bound socket whose loop has
 * died would otherwise look healthy. The query carries the probe mark, so app-only faults do not fail it.
 */
@Readiness
@ApplicationScoped
public class DnsReadinessCheck implements HealthCheck {

    /** Well under the probe timeouts of the lab runner and Kubernetes (1s and more), yet generous on loopback. */
    static final Duration SELF_QUERY_TIMEOUT = Duration.ofMillis(800);

    private final DnsServer server;
    private final Authority authority;
    private final SelfProbe probe;

    DnsReadinessCheck(DnsServer server, Authority authority, SelfProbe probe) {
        this.server = server;
        this.authority = authority;
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("dns")
                .withData("port", server.port())
                .withData("records", authority.recordCount())
                .withData("udp", server.udpBound())
                .withData("tcp", server.tcpBound());
        if (!server.udpBound() || !server.tcpBound()) {
            return health.down().withData("error", "DNS sockets are not bound").build();
        }
        try {
            SimpleResolver resolver = new SimpleResolver(server.localAddress());
            resolver.setTimeout(SELF_QUERY_TIMEOUT);
            Message query = Message.newQuery(Record.newRecord(authority.origin(), Type.SOA, DClass.IN));
            query.addRecord(new OPTRecord(SimpleResolver.DEFAULT_EDNS_PAYLOADSIZE, 0, 0, 0, probe.option()),
                    Section.ADDITIONAL);
            Message response = resolver.send(query);
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR || response.getSection(Section.ANSWER).isEmpty()) {
                return health.down().withData("error", "self-query answered " + Rcode.string(rcode)).build();
            }
            return health.up().build();
        } catch (Exception e) {
            return health.down().withData("error", "self-query failed: " + e.getMessage()).build();
        }
    }
}
