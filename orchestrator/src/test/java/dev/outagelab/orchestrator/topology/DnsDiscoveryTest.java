package dev.outagelab.orchestrator.topology;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

import dev.outagelab.orchestrator.support.Eventually;
import dev.outagelab.orchestrator.support.FakeDbNode;
import dev.outagelab.orchestrator.support.SrvDnsServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery against a real DNS server on a loopback UDP port that publishes a headless Service's SRV records. */
class DnsDiscoveryTest {

    private static final String SRV = "_management._tcp.db-node.outage-lab.svc.cluster.local.";
    private static final String TOKEN = "test-admin-token-not-secret";

    private final SrvDnsServer dns = new SrvDnsServer(SRV);
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        dns.close();
    }

    @Test
    void everyPublishedPodBecomesATargetNamedByItsStableHostname() throws IOException {
        dns.publish("outage-lab-db-node-west-0.db-node.outage-lab.svc.cluster.local.:9000",
                "outage-lab-db-node-east-0.db-node.outage-lab.svc.cluster.local.:9001");

        List<DbNodeTarget> targets = discovery(Duration.ofHours(1)).resolve();

        assertEquals(List.of(
                new DbNodeTarget("db-node-east-0", NodeObservation.UNKNOWN_REGION,
                        "http://outage-lab-db-node-east-0.db-node.outage-lab.svc.cluster.local:9001",
                        "db-node-east-0.db.lab.internal."),
                new DbNodeTarget("db-node-west-0", NodeObservation.UNKNOWN_REGION,
                        "http://outage-lab-db-node-west-0.db-node.outage-lab.svc.cluster.local:9000",
                        "db-node-west-0.db.lab.internal.")), targets);
    }

    @Test
    void withoutADnsDomainTheCnameTargetIsThePodsStableName() throws IOException {
        // As the chart runs it: a db-node added by scaling has no record in the lab zone, but its pod name resolves.
        dns.publish("outage-lab-db-node-east-2.db-node.outage-lab.svc.cluster.local.:9000");
        DnsDiscovery discovery = new DnsDiscovery(Name.fromString(SRV), List.of(address()), Duration.ofSeconds(2),
                Optional.empty(), "outage-lab-", Duration.ofHours(1));

        assertEquals(List.of(new DbNodeTarget("db-node-east-2", NodeObservation.UNKNOWN_REGION,
                        "http://outage-lab-db-node-east-2.db-node.outage-lab.svc.cluster.local:9000",
                        "outage-lab-db-node-east-2.db-node.outage-lab.svc.cluster.local.")),
                discovery.resolve());
    }

    @Test
    void aMissingNameIsNoDbNodeButAFailingServerIsAnError() throws IOException {
        DnsDiscovery missing = new DnsDiscovery(Name.fromString("_management._tcp.nothing.here."),
                List.of(address()), Duration.ofSeconds(2), Optional.of("db.lab.internal."), "", Duration.ofHours(1));
        assertEquals(List.of(), missing.resolve());

        dns.failWith(Rcode.SERVFAIL);
        IOException e = assertThrows(IOException.class, () -> discovery(Duration.ofHours(1)).resolve());
        assertTrue(e.getMessage().contains(SRV) && e.getMessage().contains("SERVFAIL"), e.getMessage());
    }

    @Test
    void resolvesAgainEveryIntervalAndKeepsTheLastAnswerWhileDnsFails() throws IOException {
        dns.publish("db-node-east-0.db-node.outage-lab.svc.cluster.local.:9000");
        List<List<DbNodeTarget>> answers = new CopyOnWriteArrayList<>();
        DnsDiscovery discovery = discovery(Duration.ofMillis(100));
        toClose.add(discovery);

        discovery.start(answers::add);
        Eventually.await("the first answer", Duration.ofSeconds(10), () -> !answers.isEmpty());
        assertEquals(List.of("db-node-east-0"), names(answers.get(0)));

        dns.publish("db-node-east-0.db-node.outage-lab.svc.cluster.local.:9000",
                "db-node-east-1.db-node.outage-lab.svc.cluster.local.:9000");
        Eventually.await("a later answer with the pod added since", Duration.ofSeconds(10),
                () -> names(answers.get(answers.size() - 1)).equals(List.of("db-node-east-0", "db-node-east-1")));

        dns.failWith(Rcode.SERVFAIL);
        int answered = answers.size();
        int asked = dns.queries();
        Eventually.await("three more lookups while DNS fails", Duration.ofSeconds(10), () -> dns.queries() >= asked + 3);
        assertTrue(answers.size() <= answered + 1, "failed lookups must not hand over an empty list");
        assertEquals(List.of("db-node-east-0", "db-node-east-1"), names(answers.get(answers.size() - 1)));
    }

    /**
     * The poller watches what discovery finds and never forgets a node because DNS stopped naming it: Kubernetes
     * drops a dead pod from a headless Service, and a dead primary is exactly what analysis must still see. A
     * discovered node's region comes from its first status.
     */
    @Test
    void thePollerWatchesDiscoveredNodesKeepsThoseThatLeaveDnsAndLearnsTheirRegion() throws Exception {
        FakeDbNode west = new FakeDbNode(TOKEN, FakeDbNode.status("db-node-west-0", "west", "replica", "", null,
                "streaming", 100L));
        toClose.add(west);
        // Generous timeouts: this machine may be loaded, and one slow poll would count west as unreachable.
        TopologyPoller poller = new TopologyPoller(List.of(), new DbNodeClient(TOKEN, Duration.ofSeconds(10)),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Clock.systemUTC());
        toClose.add(poller);
        DbNodeTarget discoveredWest = new DbNodeTarget("db-node-west-0", NodeObservation.UNKNOWN_REGION,
                west.adminUrl(), "db-node-west-0.db.lab.internal.");
        DbNodeTarget gone = new DbNodeTarget("db-node-east-0", NodeObservation.UNKNOWN_REGION,
                "http://127.0.0.1:9", "db-node-east-0.db.lab.internal.");

        assertEquals(List.of(discoveredWest, gone), poller.watch(List.of(discoveredWest, gone)));
        assertEquals(List.of(), poller.watch(List.of(discoveredWest)), "nothing new");

        Topology topology = poller.pollOnce();
        assertEquals(List.of("db-node-west-0", "db-node-east-0"),
                topology.nodes().stream().map(NodeObservation::name).toList());
        NodeObservation polledWest = topology.node("db-node-west-0").orElseThrow();
        assertTrue(polledWest.reachable(), polledWest.toString());
        assertEquals("west", polledWest.region(), polledWest.toString());
        assertEquals(NodeObservation.UNKNOWN_REGION, topology.node("db-node-east-0").orElseThrow().region());
        assertTrue(!topology.node("db-node-east-0").orElseThrow().reachable());
    }

    private DnsDiscovery discovery(Duration interval) throws IOException {
        return new DnsDiscovery(Name.fromString(SRV), List.of(address()), Duration.ofSeconds(2), Optional.of("db.lab.internal."),
                "outage-lab-", interval);
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", dns.port());
    }

    private static List<String> names(List<DbNodeTarget> targets) {
        return targets.stream().map(DbNodeTarget::name).toList();
    }
}
