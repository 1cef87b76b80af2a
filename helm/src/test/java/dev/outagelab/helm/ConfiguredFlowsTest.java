package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outagelab.netpol.Connection;
import dev.outagelab.netpol.NetworkPolicyEvaluator;
import dev.outagelab.netpol.Pod;
import dev.outagelab.netpol.Protocol;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wiring and the policies agree: every address a component's ConfigMap tells it to call (a pod by
 * its headless name, or a Service) is a connection the NetworkPolicies let through, from every pod of
 * that component, on the port the callee's pod really listens on.
 */
class ConfiguredFlowsTest {

    private static final String SUFFIX = "\\." + NAMESPACE + "\\.svc\\.cluster\\.local";
    /** pod.headless-service or service, then the port. */
    private static final Pattern ADDRESS = Pattern.compile("([a-z0-9-]+)(?:\\.([a-z0-9-]+-headless))?" + SUFFIX + ":(\\d+)");

    static List<Path> valuesWithPolicies() {
        return ReachabilityMatrixTest.valuesWithPolicies();
    }

    @ParameterizedTest
    @MethodSource("valuesWithPolicies")
    void everyConfiguredAddressIsReachableThroughThePolicies(Path valuesFile, @TempDir Path workDir) {
        Manifests manifests = Chart.render(valuesFile);
        LabCluster cluster = LabCluster.of(manifests, Chart.renderTestHooks(valuesFile, workDir));
        NetworkPolicyEvaluator evaluator = cluster.evaluator();

        List<String> blocked = new ArrayList<>();
        int checked = 0;
        for (JsonNode configMap : manifests.ofKind("ConfigMap")) {
            String caller = configMap.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
            StringBuilder text = new StringBuilder();
            configMap.path("data").forEach(file -> text.append(file.asText()).append('\n'));
            Matcher address = ADDRESS.matcher(text);
            while (address.find()) {
                for (Target target : targets(manifests, cluster, address.group(1), address.group(2) != null, Integer.parseInt(address.group(3)))) {
                    for (Pod source : cluster.labPods()) {
                        if (!caller.equals(LabCluster.component(source))) {
                            continue;
                        }
                        checked++;
                        Connection connection = new Connection(source, target.pod(), target.port(), target.protocol());
                        if (!evaluator.allows(connection)) {
                            blocked.add(address.group() + " (" + configMap.path("metadata").path("name").asText() + "): " + evaluator.evaluate(connection));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), blocked);
        assertTrue(checked >= 10, "only " + checked + " configured connections found");
    }

    /** The resolvers forward to the cluster DNS Service, and it finishes the zone's CNAMEs: both protocols must pass. */
    @ParameterizedTest
    @MethodSource("valuesWithPolicies")
    void theResolversReachTheirUpstreamTheClusterDns(Path valuesFile, @TempDir Path workDir) {
        Manifests manifests = Chart.render(valuesFile);
        String settings = manifests.get("ConfigMap", Chart.FULLNAME + "-dns-resolver").path("data").path("application.properties").asText();
        assertTrue(settings.contains("dns.forward.upstreams=kube-dns.kube-system.svc.cluster.local:53"), settings);
        LabCluster cluster = LabCluster.of(manifests, Chart.renderTestHooks(valuesFile, workDir));
        NetworkPolicyEvaluator evaluator = cluster.evaluator();
        int checked = 0;
        for (Pod resolver : cluster.labPods()) {
            if (!LabCluster.component(resolver).equals("dns-resolver")) {
                continue;
            }
            for (Protocol protocol : List.of(Protocol.UDP, Protocol.TCP)) {
                Connection connection = new Connection(resolver, cluster.clusterDns(), 53, protocol);
                assertTrue(evaluator.allows(connection), evaluator.evaluate(connection).toString());
                checked++;
            }
        }
        assertTrue(checked >= 2, "no resolver pods");
    }

    private record Target(Pod pod, int port, Protocol protocol) {
    }

    /** What host:port reaches: a pod directly, or a Service's pods on the container port behind it. */
    private static List<Target> targets(Manifests manifests, LabCluster cluster, String host, boolean podAddress, int port) {
        List<Target> targets = new ArrayList<>();
        if (podAddress) {
            Pod pod = cluster.labPods().stream().filter(candidate -> candidate.name().equals(host)).findFirst()
                    .orElseThrow(() -> new AssertionError("configured pod " + host + " is not rendered"));
            pod.ports().stream().filter(containerPort -> containerPort.number() == port)
                    .forEach(containerPort -> targets.add(new Target(pod, port, containerPort.protocol())));
            assertTrue(!targets.isEmpty(), host + " listens on no port " + port);
            return targets;
        }
        JsonNode service = manifests.get("Service", host);
        Map<String, String> selector = Manifests.labels(service.path("spec").path("selector"));
        for (JsonNode servicePort : service.path("spec").path("ports")) {
            if (servicePort.path("port").asInt() != port) {
                continue;
            }
            Protocol protocol = Protocol.parse(servicePort.path("protocol").asText("TCP"));
            String targetPort = servicePort.path("targetPort").asText();
            for (Pod pod : cluster.labPods()) {
                if (Manifests.selects(selector, pod.labels())) {
                    int number = pod.portNumber(targetPort, protocol).orElseGet(() -> Integer.parseInt(targetPort));
                    targets.add(new Target(pod, number, protocol));
                }
            }
        }
        assertTrue(!targets.isEmpty(), "Service " + host + " reaches no pod on " + port);
        return targets;
    }
}
