package dev.outagelab.dnsresolver.server;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.xbill.DNS.Rcode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The DNS meters, named once here so the status page and the benchmarks read the same series. */
@Singleton
public class DnsMetrics {

    private final MeterRegistry registry;

    DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void query(Transport transport) {
        Counter.builder("dns.queries").description("DNS packets received").tag("transport", transport.tag())
                .register(registry).increment();
    }

    public void answered(Transport transport, int rcode, Duration latency) {
        Counter.builder("dns.answers").description("DNS responses sent").tag("transport", transport.tag())
                .tag("rcode", Rcode.string(rcode)).register(registry).increment();
        Timer.builder("dns.query.latency").description("From packet received to response handed to the socket")
                .tag("transport", transport.tag()).publishPercentileHistogram().register(registry).record(latency);
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
