package dev.outagelab.dnsresolver.health;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;

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
 * Whether our DNS works, asked the way a client would: both sockets bound and our own UDP port answering the
 * zone's SOA. Readiness and the fleet manager's health view both use it. The query carries the probe mark, so
 * app-only faults do not fail it.
 */
@Singleton
public class SelfQuery {

    /** Well under the probe timeouts of the lab runner and Kubernetes (1s and more), yet generous on loopback. */
    static final Duration TIMEOUT = Duration.ofMillis(800);

    private final DnsServer server;
    private final Authority authority;
    private final SelfProbe probe;

    SelfQuery(DnsServer server, Authority authority, SelfProbe probe) {
        this.server = server;
        this.authority = authority;
        this.probe = probe;
    }

    /** Empty when DNS answers; otherwise what is wrong. */
    public Optional<String> problem() {
        if (!server.udpBound() || !server.tcpBound()) {
            return Optional.of("DNS sockets are not bound");
        }
        try {
            SimpleResolver resolver = new SimpleResolver(server.localAddress());
            resolver.setTimeout(TIMEOUT);
            Message query = Message.newQuery(Record.newRecord(authority.origin(), Type.SOA, DClass.IN));
            query.addRecord(new OPTRecord(SimpleResolver.DEFAULT_EDNS_PAYLOADSIZE, 0, 0, 0, probe.option()),
                    Section.ADDITIONAL);
            Message response = resolver.send(query);
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR || response.getSection(Section.ANSWER).isEmpty()) {
                return Optional.of("self-query answered " + Rcode.string(rcode));
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("self-query failed: " + e.getMessage());
        }
    }
}
