package dev.outagelab.lab.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outagelab.lab.LabTestSupport;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabWiringTest {

    private final LabLayout lab = new LabLayout(Topology.standard(), 100,
            new LabPaths(Paths.get("/repo"), Paths.get("/tmp/lab-state")));

    private Properties settingsOf(String instance) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(LabWiring.settingsFor(lab.instance(instance), lab).render()));
        return p;
    }

    @Test
    void theStatusPageProbesEveryInstanceIncludingItselfAtOffsetPorts() throws IOException {
        Properties p = settingsOf("status-page");
        assertEquals("1s", p.getProperty("status.probe.interval"));
        assertEquals("800ms", p.getProperty("status.probe.timeout"));
        assertEquals("status-page", p.getProperty("status.targets[0].name"));
        assertEquals("http://127.0.0.1:9100/q/health/ready", p.getProperty("status.targets[0].health-url"));
        assertEquals("db-node-east-0", p.getProperty("status.targets[7].name"));
        assertEquals("db-node", p.getProperty("status.targets[7].component"));
        assertEquals("east", p.getProperty("status.targets[7].region"));
        assertEquals("http://127.0.0.1:9107/q/health/ready", p.getProperty("status.targets[7].health-url"));
        assertEquals("orchestrator-cloud", p.getProperty("status.targets[12].name"));
        assertNull(p.getProperty("status.targets[13].name"));
    }

    @Test
    void dbNodeEast0StartsPrimaryAndTheOthersReplicateFromItsAppPort() throws IOException {
        Properties primary = settingsOf("db-node-east-0");
        assertEquals("primary", primary.getProperty("db.role"));
        assertNull(primary.getProperty("db.source"));
        assertEquals("http://127.0.0.1:8187", primary.getProperty("db.advertise-url"));
        for (String replica : new String[] {"db-node-east-1", "db-node-west-0"}) {
            Properties p = settingsOf(replica);
            assertEquals("replica", p.getProperty("db.role"), replica);
            assertEquals("http://127.0.0.1:8187", p.getProperty("db.source"), replica);
        }
        assertEquals("http://127.0.0.1:8189", settingsOf("db-node-west-0").getProperty("db.advertise-url"));
    }

    @Test
    void resolverAddressesAreTheFleetsDnsPortsInOrder() {
        assertEquals("127.0.0.1:15453,127.0.0.1:15454,127.0.0.1:15455,127.0.0.1:15456", lab.dnsServers());
    }

    @Test
    void theStatusPageDoesWhatUsersDoThroughEveryPopResolverNodeAndOrchestrator() throws IOException {
        Properties p = settingsOf("status-page");
        assertEquals(lab.dnsServers(), p.getProperty("status.checks.dns.resolvers"));
        assertEquals("cdn-edge-icn", p.getProperty("status.checks.cdn.pops[0].name"));
        assertEquals("http://127.0.0.1:8181", p.getProperty("status.checks.cdn.pops[0].url"));
        assertEquals("cdn-edge-itm", p.getProperty("status.checks.cdn.pops[1].name"));
        assertEquals("db-node-west-0", p.getProperty("status.checks.database.nodes[2].name"));
        assertEquals("http://127.0.0.1:8189", p.getProperty("status.checks.database.nodes[2].url"));
        assertEquals("http://127.0.0.1:8190,http://127.0.0.1:8191,http://127.0.0.1:8192",
                p.getProperty("status.checks.orchestration.urls"));
    }

    @Test
    void resolversKnowEveryPeersManagementUrlAndShareOneFleetPolicy() throws IOException {
        Properties p = settingsOf("dns-resolver-2");
        assertEquals("dns-resolver-0=http://127.0.0.1:9103,dns-resolver-1=http://127.0.0.1:9104,"
                + "dns-resolver-2=http://127.0.0.1:9105,dns-resolver-3=http://127.0.0.1:9106",
                p.getProperty("dns.fleet.peers"));
        assertEquals("/tmp/lab-state/config/dns-fleet.json", p.getProperty("dns.fleet.config-file"));
        assertEquals(p.getProperty("dns.fleet.peers"), settingsOf("dns-resolver-0").getProperty("dns.fleet.peers"));
    }

    @Test
    void edgesResolveThroughTheFleetAndFetchFromEveryDbNodeByOneSrvName() throws IOException {
        Properties edge = settingsOf("cdn-edge-itm");
        assertEquals(lab.dnsServers(), edge.getProperty("edge.dns.resolvers"));
        assertEquals("_http._tcp.origin.news.lab.internal", edge.getProperty("edge.services.default-origin-srv"));
        assertNull(edge.getProperty("edge.services.default-origin-port"));
        assertEquals("edge-config", edge.getProperty("edge.data.dir"), "config versions survive a restart");

        Properties resolver = settingsOf("dns-resolver-1");
        List<String> srv = new ArrayList<>();
        for (int i = ResolverWiring.PACKAGED_RECORDS; resolver.getProperty("dns.zone.records[" + i + "].name") != null; i++) {
            assertEquals("_http._tcp.origin.news", resolver.getProperty("dns.zone.records[" + i + "].name"));
            assertEquals("SRV", resolver.getProperty("dns.zone.records[" + i + "].type"));
            srv.add(resolver.getProperty("dns.zone.records[" + i + "].data"));
        }
        assertEquals(List.of("10 10 8187 db-node-east-0.db", "10 10 8188 db-node-east-1.db",
                "10 10 8189 db-node-west-0.db"), srv);
    }

    /** The lab's records are appended to the packaged zone's list, so they must start right after its last index. */
    @Test
    void theLabsZoneRecordsFollowThePackagedOnes() throws IOException {
        Properties packaged = new Properties();
        try (var in = Files.newInputStream(LabTestSupport.root()
                .resolve("dns-resolver/src/main/resources/application.properties"))) {
            packaged.load(in);
        }
        long count = packaged.stringPropertyNames().stream()
                .filter(k -> k.matches("dns\\.zone\\.records\\[\\d+]\\.name")).count();
        assertEquals(ResolverWiring.PACKAGED_RECORDS, count, "dns-resolver's packaged zone changed size");
    }

    @Test
    void orchestratorsKnowTheirRaftPeersTheDbNodesAndEveryResolver() throws IOException {
        Properties p = settingsOf("orchestrator-west");
        assertEquals("orchestrator-west", p.getProperty("orchestrator.raft.self"));
        assertEquals("orchestrator-east=127.0.0.1:10110,orchestrator-west=127.0.0.1:10111,"
                + "orchestrator-cloud=127.0.0.1:10112", p.getProperty("orchestrator.raft.peers"));
        assertEquals("west", p.getProperty("orchestrator.db-nodes.db-node-west-0.region"));
        assertEquals("http://127.0.0.1:9107", p.getProperty("orchestrator.db-nodes.db-node-east-0.admin-url"));
        assertEquals(lab.dnsServers(), p.getProperty("orchestrator.dns.servers"));
    }

    @Test
    void writeAllWritesEveryInstancesFileAndAFleetPolicyThatMeetsItsOwnFloor(@TempDir Path dir)
            throws IOException {
        LabLayout local = new LabLayout(Topology.standard(), 0, new LabPaths(dir, dir.resolve("state")));
        LabWiring.writeAll(local);
        for (String name : Topology.standard().names()) {
            assertTrue(Files.isRegularFile(local.paths().instanceConfig(name)), name);
        }
        String policy = Files.readString(local.paths().fleetPolicy());
        JsonNode json = new ObjectMapper().readTree(policy);
        int floor = json.get("min-healthy-hosts").asInt();
        int needed = (int) Math.ceil(json.get("peak-qps").asDouble() / json.get("host-qps").asDouble());
        assertTrue(floor >= needed && floor < 4, "floor " + floor + " must cover the load (" + needed
                + ") and leave room for a maintenance removal in a fleet of 4");
    }

    @Test
    void aKeySetTwiceIsAWiringBug() {
        InstanceSettings settings = new InstanceSettings().put("a.b", 1);
        assertThrows(IllegalStateException.class, () -> settings.put("a.b", 2));
    }

    @Test
    void valuesAreEscapedSoTheFileReadsBackExactly() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new InstanceSettings().put("k", "a\\b\nc").render()));
        assertEquals("a\\b\nc", p.getProperty("k"));
    }
}
