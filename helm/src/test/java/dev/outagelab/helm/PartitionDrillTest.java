package dev.outagelab.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.outagelab.netpol.Connection;
import dev.outagelab.netpol.NetworkPolicyEvaluator;
import dev.outagelab.netpol.Pod;
import dev.outagelab.netpol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub 2018 drill (k8s/drills/github-2018.sh) cuts east from the other sites, and exactly that: through the
 * NetworkPolicy evaluator, every connection the chart allows keeps its verdict unless it crosses the cut, and
 * every connection across the cut is denied. The cluster DNS stays reachable from both sides.
 */
class PartitionDrillTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final int UNUSED_PORT = 22;
    private static final String DRILL_VALUES = "k8s/drills/github-2018-values.yaml";

    @Test
    void cuttingEastStopsExactlyTheFlowsAcrossTheCut(@TempDir Path workDir) throws IOException, InterruptedException {
        // The values file the drill script applies (checked below), so the test renders what the drill applies.
        assertTrue(DrillScript.dryRun("github-2018.sh").get(0).endsWith(" -f " + DRILL_VALUES), DrillScript.dryRun("github-2018.sh").toString());
        LabCluster normal = LabCluster.of(Chart.render(DEFAULTS), Chart.renderTestHooks(DEFAULTS, workDir));
        Manifests partitionedRender = Chart.render(Path.of("..").resolve(DRILL_VALUES));
        LabCluster partitioned = new LabCluster(normal.labPods(), normal.clusterDns(), LabCluster.policiesOf(partitionedRender));
        for (var policy : partitionedRender.ofKind("NetworkPolicy")) {
            assertEquals(List.of(), KubernetesSchemas.load().validate(policy), Manifests.name(policy));
        }
        NetworkPolicyEvaluator before = normal.evaluator();
        NetworkPolicyEvaluator during = partitioned.evaluator();

        List<String> wrong = new ArrayList<>();
        int cutFlows = 0;
        int keptFlows = 0;
        for (Pod source : normal.labPods()) {
            for (Pod destination : normal.pods()) {
                List<Integer> ports = new ArrayList<>(destination.ports().stream().map(Pod.ContainerPort::number).distinct().toList());
                ports.add(UNUSED_PORT);
                for (int port : ports) {
                    for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
                        Connection connection = new Connection(source, destination, port, protocol);
                        boolean allowedBefore = before.allows(connection);
                        boolean crosses = destination != normal.clusterDns() && east(source) != east(destination);
                        boolean expected = allowedBefore && !crosses;
                        if (during.allows(connection) != expected) {
                            wrong.add((expected ? "denied: " : "allowed: ") + during.evaluate(connection));
                        }
                        if (allowedBefore && crosses) {
                            cutFlows++;
                        } else if (allowedBefore) {
                            keptFlows++;
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        // Both must be substantial, or the drill proves nothing (east holds db-nodes, resolvers and an orchestrator).
        assertTrue(cutFlows >= 20, "only " + cutFlows + " flows cross the cut");
        assertTrue(keptFlows >= 20, "only " + keptFlows + " flows kept");
    }

    @Test
    void theDrillLasts43SecondsAndHealsByRemovingThePartition() throws IOException, InterruptedException {
        List<String> commands = DrillScript.dryRun("github-2018.sh");
        List<String> helmCalls = commands.stream().filter(line -> line.startsWith("+ helm ")).toList();
        assertEquals(2, helmCalls.size(), commands.toString());
        // Cut, wait, heal: in that order.
        assertTrue(commands.indexOf(helmCalls.get(0)) < commands.indexOf("+ sleep 43"), commands.toString());
        assertTrue(commands.indexOf("+ sleep 43") < commands.indexOf(helmCalls.get(1)), commands.toString());
        assertTrue(helmCalls.get(1).endsWith(" --set networkPolicy.partition=null"), helmCalls.get(1));
        for (String line : helmCalls) {
            assertTrue(line.contains("--kube-context kind-outage-lab upgrade lab helm/outage-lab --namespace outage-lab --reuse-values"), line);
        }
    }

    private static boolean east(Pod pod) {
        return "east".equals(pod.labels().get("region"));
    }
}
