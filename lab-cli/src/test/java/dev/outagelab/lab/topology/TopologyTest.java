package dev.outagelab.lab.topology;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {

    private final Topology topology = Topology.standard();

    @Test
    void hasTheThirteenInstancesOfTheContractInOrder() {
        assertEquals(List.of("status-page", "cdn-edge-icn", "cdn-edge-itm", "dns-resolver-0", "dns-resolver-1",
                "dns-resolver-2", "dns-resolver-3", "db-node-east-0", "db-node-east-1", "db-node-west-0",
                "orchestrator-east", "orchestrator-west", "orchestrator-cloud"), topology.names());
        for (int k = 0; k < topology.instances().size(); k++) {
            assertEquals(k, topology.instances().get(k).ordinal());
        }
    }

    @Test
    void regionsAndModulesMatchTheContract() {
        Map<String, String> regions = topology.instances().stream()
                .collect(Collectors.toMap(Instance::name, Instance::region));
        assertEquals("cloud", regions.get("status-page"));
        assertEquals("west", regions.get("cdn-edge-itm"));
        assertEquals("cloud", regions.get("dns-resolver-2"));
        assertEquals("east", regions.get("db-node-east-1"));
        assertEquals("west", regions.get("db-node-west-0"));
        assertEquals("cloud", regions.get("orchestrator-cloud"));
        assertEquals(Set.copyOf(Topology.MODULES),
                topology.instances().stream().map(Instance::module).collect(Collectors.toSet()));
        assertEquals("icn", topology.find("cdn-edge-icn").orElseThrow().pop().orElseThrow());
        assertEquals("itm", topology.find("cdn-edge-itm").orElseThrow().pop().orElseThrow());
    }

    @Test
    void portsFollowTheOrdinalPlusOffset() {
        Instance dbEast0 = topology.find("db-node-east-0").orElseThrow();
        assertEquals(new Ports(8087, 9007, OptionalInt.empty(), OptionalInt.empty()), Ports.of(dbEast0, 0));
        assertEquals(new Ports(8187, 9107, OptionalInt.empty(), OptionalInt.empty()), Ports.of(dbEast0, 100));
        assertEquals("http://127.0.0.1:9107/q/health/ready", Ports.of(dbEast0, 100).readinessUrl());
    }

    @Test
    void onlyResolversGetADnsPortCountedAmongResolvers() {
        assertEquals(OptionalInt.of(15353), Ports.of(topology.find("dns-resolver-0").orElseThrow(), 0).dns());
        assertEquals(OptionalInt.of(15356 + 7), Ports.of(topology.find("dns-resolver-3").orElseThrow(), 7).dns());
        long withDns = topology.instances().stream().filter(i -> Ports.of(i, 0).dns().isPresent()).count();
        assertEquals(4, withDns);
    }

    @Test
    void onlyOrchestratorsGetARaftPort() {
        assertEquals(OptionalInt.of(10010), Ports.of(topology.find("orchestrator-east").orElseThrow(), 0).raft());
        assertEquals(OptionalInt.of(10112), Ports.of(topology.find("orchestrator-cloud").orElseThrow(), 100).raft());
        long withRaft = topology.instances().stream().filter(i -> Ports.of(i, 0).raft().isPresent()).count();
        assertEquals(3, withRaft);
    }

    @Test
    void noTwoPortsCollideForAnyOffset() {
        for (int offset : new int[] {0, 1, 13, 920, 5000}) {
            Set<Integer> seen = new HashSet<>();
            for (Instance i : topology.instances()) {
                for (int port : Ports.of(i, offset).all()) {
                    assertTrue(seen.add(port), "port " + port + " used twice at offset " + offset);
                }
            }
        }
    }

    @Test
    void maxOffsetKeepsEveryPortValid() {
        int max = Ports.maxOffset(topology);
        assertEquals(65535, Ports.of(topology.find("dns-resolver-3").orElseThrow(), max).dns().getAsInt());
    }
}
