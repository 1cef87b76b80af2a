package dev.outagelab.statuspage.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

import dev.outagelab.statuspage.Eventually;
import dev.outagelab.statuspage.FakeDnsServer;
import dev.outagelab.statuspage.FakeHttpServer;
import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentDef;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.RuleSettings;
import dev.outagelab.statuspage.core.Sample;
import dev.outagelab.statuspage.core.StateRules;

/**
 * Instances found in a real DNS server over UDP (dnsjava), the way Kubernetes publishes a headless Service:
 * SRV records naming each pod's host and port, or A records plus a configured port. 200ms probe rounds and
 * re-resolutions, 150ms timeouts.
 */
class DnsDiscoveryTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(150);
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String SRV_NAME = "_management._tcp.lab-db-node.lab.svc.cluster.local.";

    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> forgotten = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T started(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static Record srv(String pod, FakeHttpServer server) throws TextParseException {
        int port = URI.create(server.baseUrl()).getPort();
        return new SRVRecord(Name.fromString(SRV_NAME), DClass.IN, 5, 0, 50, port,
                Name.fromString(pod + ".lab-db-node.lab.svc.cluster.local."));
    }

    private static void publishPod(FakeDnsServer dns, String pod) throws TextParseException {
        dns.publish(pod + ".lab-db-node.lab.svc.cluster.local", new ARecord(
                Name.fromString(pod + ".lab-db-node.lab.svc.cluster.local."), DClass.IN, 5,
                InetAddress.getLoopbackAddress()));
    }

    private static FakeHttpServer health(AtomicInteger status) throws Exception {
        return new FakeHttpServer(request -> request.path().equals("/q/health/ready")
                ? new FakeHttpServer.Answer(status.get(), "{}") : new FakeHttpServer.Answer(404, ""));
    }

    /** A discovery and an engine judging one component fed by it; forgotten instances are noted. */
    private ProbeEngine engine(DnsDiscovery[] discovery, FakeDnsServer dns, DiscoveredService service,
            Duration forgetAfter) {
        StateRules rules = new StateRules(new RuleSettings(Duration.ofSeconds(1), 0.2, 0.5, 0.5, Duration.ofMillis(500),
                95, 2, 3));
        ComponentTracker tracker = new ComponentTracker(new ComponentDef("db-writes", "Database writes", null, "w"),
                rules, null);
        ProbeEngine[] engine = new ProbeEngine[1];
        discovery[0] = started(new DnsDiscovery(dns.address(), TIMEOUT, forgetAfter, List.of(service), clock,
                name -> {
                    forgotten.add(name);
                    engine[0].forgetInstance(name);
                }));
        engine[0] = started(new ProbeEngine(INTERVAL, clock, List.of(tracker), List.of(new DiscoveredInstancesProbe(
                service, discovery[0], new HttpProbe(TIMEOUT, clock), List.of("db-writes"), clock)),
                new ProbeEngine.Listener() {
                    @Override
                    public void sampled(String componentKey, Sample sample) {
                    }

                    @Override
                    public void changed(ComponentChange change) {
                    }

                    @Override
                    public void roundFinished(Instant at, long rounds) {
                    }
                }));
        discovery[0].start(INTERVAL);
        engine[0].start();
        return engine[0];
    }

    private static void assertJudged(ProbeEngine engine, ComponentStatus status, String reason) {
        var state = engine.tracker("db-writes").state();
        assertTrue(state != null && state.status() == status, "db-writes is " + state + ", expected " + status);
        if (reason != null) {
            assertTrue(state.reason() != null && state.reason().contains(reason), state.reason());
        }
    }

    private static List<String> names(DnsDiscovery discovery, DiscoveredService service) {
        return discovery.instances(service).stream().map(DnsDiscovery.Instance::name).toList();
    }

    @Test
    void srvRecordsAreTheInstancesAndOneThatLeavesCountsAsDownUntilForgotten() throws Exception {
        FakeDnsServer dns = started(new FakeDnsServer());
        AtomicInteger statusA = new AtomicInteger(200);
        AtomicInteger statusB = new AtomicInteger(200);
        FakeHttpServer a = started(health(statusA));
        FakeHttpServer b = started(health(statusB));
        FakeHttpServer c = started(health(new AtomicInteger(200)));
        for (String pod : List.of("lab-db-node-east-0", "lab-db-node-west-0", "lab-db-node-cloud-0")) {
            publishPod(dns, pod);
        }
        dns.publish(SRV_NAME, srv("lab-db-node-east-0", a), srv("lab-db-node-west-0", b));
        DiscoveredService service = new DiscoveredService("db-node", SRV_NAME, null, "/q/health/ready");
        DnsDiscovery[] discovery = new DnsDiscovery[1];
        ProbeEngine engine = engine(discovery, dns, service, Duration.ofSeconds(2));

        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.OPERATIONAL, null));
        assertEquals(List.of("lab-db-node-east-0", "lab-db-node-west-0"), names(discovery[0], service));

        statusB.set(503); // each listed pod is really probed, on the port its SRV record names
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.MAJOR_OUTAGE,
                "1 of 2 instances down: lab-db-node-west-0 (HTTP 503)"));

        dns.publish(SRV_NAME, srv("lab-db-node-east-0", a), srv("lab-db-node-west-0", b),
                srv("lab-db-node-cloud-0", c)); // a pod joins: found at the next re-resolution
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.PARTIAL_OUTAGE,
                "1 of 3 instances down: lab-db-node-west-0 (HTTP 503)"));

        statusB.set(200);
        dns.publish(SRV_NAME, srv("lab-db-node-west-0", b), srv("lab-db-node-cloud-0", c)); // east-0 killed
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.PARTIAL_OUTAGE,
                "1 of 3 instances down: lab-db-node-east-0 (gone from DNS since"));

        // Not back within forget-after (2s): a scale-down, no longer counted.
        Eventually.within(BOUND, () -> assertTrue(forgotten.contains("lab-db-node-east-0"), forgotten.toString()));
        assertEquals(List.of("lab-db-node-cloud-0", "lab-db-node-west-0"), names(discovery[0], service));
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.OPERATIONAL, null));

        // The DNS server failing is not the instances failing: what is known stays known.
        dns.mode(FakeDnsServer.Mode.SERVFAIL);
        long rounds = engine.roundsCompleted();
        Eventually.within(BOUND, () -> assertTrue(engine.roundsCompleted() >= rounds + 10));
        assertJudged(engine, ComponentStatus.OPERATIONAL, null);
        assertEquals(List.of("lab-db-node-cloud-0", "lab-db-node-west-0"), names(discovery[0], service));
    }

    @Test
    void aRecordsWithAConfiguredPortAreInstancesNamedByTheirAddress() throws Exception {
        FakeDnsServer dns = started(new FakeDnsServer());
        AtomicInteger status = new AtomicInteger(200);
        FakeHttpServer pod = started(health(status));
        String name = "lab-orchestrator.lab.svc.cluster.local.";
        dns.publish(name, new ARecord(Name.fromString(name), DClass.IN, 5, InetAddress.getLoopbackAddress()));
        DiscoveredService service = new DiscoveredService("orchestrator", name, URI.create(pod.baseUrl()).getPort(),
                "/q/health/ready");
        DnsDiscovery[] discovery = new DnsDiscovery[1];
        ProbeEngine engine = engine(discovery, dns, service, Duration.ofMinutes(5));

        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.OPERATIONAL, null));
        assertEquals(List.of("127-0-0-1"), names(discovery[0], service));
        status.set(503);
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.MAJOR_OUTAGE,
                "1 of 1 instances down: 127-0-0-1 (HTTP 503)"));

        dns.publish(name); // every pod gone: still counted, as gone, so the component stays down
        Eventually.within(BOUND, () -> assertJudged(engine, ComponentStatus.MAJOR_OUTAGE,
                "1 of 1 instances down: 127-0-0-1 (gone from DNS since"));
    }
}
