package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.outagelab.netpol.Connection;
import dev.outagelab.netpol.ExternalAddress;
import dev.outagelab.netpol.Namespace;
import dev.outagelab.netpol.NetworkPolicyEvaluator;
import dev.outagelab.netpol.Pod;
import dev.outagelab.netpol.Protocol;
import dev.outagelab.netpol.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod of the rendered chart against every other, on every port they listen on (and one nobody
 * does), over TCP and UDP: the NetworkPolicies must allow exactly the flows the lab needs.
 *
 * <p>The expected flows are written here from the lab's design, not read from the chart, so a policy
 * that lets too much or too little through fails.
 */
class ReachabilityMatrixTest {

    private static final int UNUSED_PORT = 22;
    private static final String CLUSTER_DNS = "cluster-dns";
    private static final List<String> LAB = List.of("status-page", "cdn-edge", "dns-resolver", "db-node", "orchestrator");

    /** What the lab needs, component to component, as the pods see it (5353, not the Services' 53). */
    private static final Set<String> NEEDED = needed();

    static List<Path> valuesWithPolicies() {
        return Chart.ciValuesFiles().stream()
                .filter(file -> LabCluster.policiesOf(Chart.render(file)).size() > 0)
                .toList();
    }

    private static Set<String> needed() {
        Set<String> flows = new LinkedHashSet<>();
        // The status page probes every instance's health, and does what users do.
        LAB.forEach(component -> flows.add(flow("status-page", component, 9000, Protocol.TCP)));
        for (String component : List.of("cdn-edge", "db-node", "orchestrator")) {
            flows.add(flow("status-page", component, 8080, Protocol.TCP));
        }
        addDns(flows, "status-page");
        // Edges resolve the origin and fetch from it.
        addDns(flows, "cdn-edge");
        flows.add(flow("cdn-edge", "db-node", 8080, Protocol.TCP));
        // The orchestrator drives db-nodes through their admin API, updates DNS, and runs Raft with its peers.
        flows.add(flow("orchestrator", "db-node", 9000, Protocol.TCP));
        addDns(flows, "orchestrator");
        flows.add(flow("orchestrator", "orchestrator", 10000, Protocol.TCP));
        // Fleet health: each resolver polls its peers on their management port.
        flows.add(flow("dns-resolver", "dns-resolver", 9000, Protocol.TCP));
        // Replicas stream from their source's app port.
        flows.add(flow("db-node", "db-node", 8080, Protocol.TCP));
        // helm test checks the status page and a DNS answer.
        flows.add(flow("helm-test", "status-page", 8080, Protocol.TCP));
        addDns(flows, "helm-test");
        // Every pod resolves Service names through the cluster DNS.
        for (String component : concat(LAB, "helm-test")) {
            flows.add(flow(component, CLUSTER_DNS, 53, Protocol.UDP));
            flows.add(flow(component, CLUSTER_DNS, 53, Protocol.TCP));
        }
        return flows;
    }

    @ParameterizedTest
    @MethodSource("valuesWithPolicies")
    void policiesAllowEveryFlowTheLabNeedsAndNothingElse(Path valuesFile, @TempDir Path workDir) {
        LabCluster cluster = LabCluster.of(Chart.render(valuesFile), Chart.renderTestHooks(valuesFile, workDir));
        NetworkPolicyEvaluator evaluator = cluster.evaluator();

        Set<String> allowed = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Pod source : cluster.pods()) {
            for (Pod destination : cluster.pods()) {
                if (source == cluster.clusterDns() && destination == cluster.clusterDns()) {
                    continue; // kube-system's own traffic is not the chart's business
                }
                for (int port : portsToTry(destination)) {
                    for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
                        Verdict verdict = evaluator.evaluate(new Connection(source, destination, port, protocol));
                        String flow = flow(LabCluster.component(source), LabCluster.component(destination), port, protocol);
                        if (verdict.allowed()) {
                            allowed.add(flow);
                        }
                        if (verdict.allowed() != NEEDED.contains(flow)) {
                            wrong.add((verdict.allowed() ? "UNWANTED " : "MISSING ") + verdict);
                        }
                    }
                }
            }
        }

        assertEquals(List.of(), wrong.stream().limit(20).toList(), wrong.size() + " wrong verdicts");
        // Every needed flow was tried, so "nothing wrong" also means "everything needed is allowed".
        assertEquals(new TreeSet<>(NEEDED), allowed);
    }

    @ParameterizedTest
    @MethodSource("valuesWithPolicies")
    void nothingLeavesOrEntersTheClusterThroughThePolicies(Path valuesFile, @TempDir Path workDir) {
        LabCluster cluster = LabCluster.of(Chart.render(valuesFile), Chart.renderTestHooks(valuesFile, workDir));
        NetworkPolicyEvaluator evaluator = cluster.evaluator();
        ExternalAddress internet = ExternalAddress.of("203.0.113.10");

        for (Pod pod : cluster.labPods()) {
            assertFalse(evaluator.allows(Connection.tcp(pod, internet, 443)), pod.name() + " reaches the internet");
            assertFalse(evaluator.allows(Connection.udp(pod, internet, 53)), pod.name() + " reaches an outside DNS");
            assertFalse(evaluator.allows(Connection.tcp(internet, pod, 8080)), "outside reaches " + pod.name());
        }
    }

    @Test
    void everyComponentHasItsOwnAllowListNamingItsCallers() {
        Manifests manifests = Chart.render(Chart.ciValues("default-values.yaml"));

        Set<String> policies = new TreeSet<>();
        manifests.ofKind("NetworkPolicy").forEach(policy -> policies.add(Manifests.name(policy)));
        Set<String> expected = new TreeSet<>();
        expected.add(Chart.FULLNAME + "-default-deny");
        concat(LAB, "helm-test").forEach(component -> expected.add(Chart.FULLNAME + "-" + component));
        assertEquals(expected, policies);
    }

    @Test
    void switchedOffThereAreNoPoliciesAndEveryPodReachesEveryOther(@TempDir Path workDir) {
        Path valuesFile = Chart.ciValues("network-policies-off-values.yaml");
        Manifests manifests = Chart.render(valuesFile);
        LabCluster cluster = LabCluster.of(manifests, Chart.renderTestHooks(valuesFile, workDir));

        assertTrue(manifests.ofKind("NetworkPolicy").isEmpty());
        for (Pod source : cluster.labPods()) {
            for (Pod destination : cluster.labPods()) {
                assertTrue(cluster.evaluator().allows(Connection.tcp(source, destination, 9000)), source.name() + " -> " + destination.name());
            }
        }
    }

    @Test
    void aFlowCutFromOnePolicyIsCutForItsCallerOnly(@TempDir Path workDir) {
        // What a drill does: take the resolvers' ingress rule for the edges away, and only the edges lose DNS.
        Path valuesFile = Chart.ciValues("default-values.yaml");
        LabCluster cluster = LabCluster.of(Chart.render(valuesFile), Chart.renderTestHooks(valuesFile, workDir))
                .withoutIngressFrom(Chart.FULLNAME + "-dns-resolver", "cdn-edge");
        Pod edge = cluster.anyPod("cdn-edge");
        Pod orchestrator = cluster.anyPod("orchestrator");
        Pod resolver = cluster.anyPod("dns-resolver");

        assertFalse(cluster.evaluator().allows(Connection.udp(edge, resolver, 5353)));
        assertTrue(cluster.evaluator().allows(Connection.udp(orchestrator, resolver, 5353)));
    }

    private static Set<Integer> portsToTry(Pod destination) {
        Set<Integer> ports = new TreeSet<>();
        destination.ports().forEach(port -> ports.add(port.number()));
        ports.add(UNUSED_PORT);
        return ports;
    }

    private static void addDns(Set<String> flows, String from) {
        flows.add(flow(from, "dns-resolver", 5353, Protocol.UDP));
        flows.add(flow(from, "dns-resolver", 5353, Protocol.TCP));
    }

    private static String flow(String from, String to, int port, Protocol protocol) {
        return from + " -> " + to + ":" + port + "/" + protocol;
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> result = new ArrayList<>(list);
        result.add(extra);
        return result;
    }

    /** The namespaces LabCluster knows: the release's and the cluster DNS's. */
    static List<Namespace> namespaces() {
        return List.of(Namespace.named(NAMESPACE), Namespace.named("kube-system"));
    }

    static Map<String, String> clusterDnsLabels() {
        return Map.of("k8s-app", "kube-dns");
    }
}
