package dev.outagelab.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.outagelab.netpol.NetworkPolicy;
import dev.outagelab.netpol.NetworkPolicyEvaluator;
import dev.outagelab.netpol.Pod;
import dev.outagelab.netpol.PolicyReader;
import dev.outagelab.netpol.Protocol;

/**
 * The cluster a render would create, as the NetworkPolicy evaluator sees it: one pod per replica of
 * every workload (named like the real ones for StatefulSets, {@code <deployment>-<i>} otherwise), the
 * helm test pod, and a CoreDNS pod in kube-system as kind and minikube run it.
 */
record LabCluster(List<Pod> labPods, Pod clusterDns, List<JsonNode> policyObjects) {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    static LabCluster of(Manifests release, Manifests testHooks) {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode workload : release.workloads()) {
            Map<String, Object> template = Chart.YAML.convertValue(Manifests.podTemplate(workload), MAP);
            for (int i = 0; i < workload.path("spec").path("replicas").asInt(); i++) {
                pods.add(PolicyReader.pod(Manifests.name(workload) + "-" + i, Chart.NAMESPACE, template));
            }
        }
        for (JsonNode pod : testHooks.objects()) {
            pods.add(PolicyReader.pod(Manifests.name(pod), Chart.NAMESPACE, Chart.YAML.convertValue(pod, MAP)));
        }
        Pod coreDns = new Pod("coredns-0", "kube-system", ReachabilityMatrixTest.clusterDnsLabels(), List.of(
                new Pod.ContainerPort("dns", 53, Protocol.UDP), new Pod.ContainerPort("dns-tcp", 53, Protocol.TCP)));
        return new LabCluster(List.copyOf(pods), coreDns, policiesOf(release));
    }

    static List<JsonNode> policiesOf(Manifests manifests) {
        return manifests.ofKind("NetworkPolicy");
    }

    /** The lab's pods and the cluster DNS. */
    List<Pod> pods() {
        List<Pod> all = new ArrayList<>(labPods);
        all.add(clusterDns);
        return all;
    }

    NetworkPolicyEvaluator evaluator() {
        List<NetworkPolicy> policies = policyObjects.stream()
                .map(object -> PolicyReader.networkPolicy(Chart.YAML.convertValue(object, MAP), Chart.NAMESPACE))
                .toList();
        return new NetworkPolicyEvaluator(ReachabilityMatrixTest.namespaces(), policies);
    }

    /** The same cluster without the ingress rules of one policy that admit a caller component, as a drill would patch it. */
    LabCluster withoutIngressFrom(String policyName, String callerComponent) {
        List<JsonNode> changed = new ArrayList<>();
        for (JsonNode policy : policyObjects) {
            JsonNode copy = policy.deepCopy();
            if (policyName.equals(Manifests.name(policy))) {
                ArrayNode ingress = (ArrayNode) copy.path("spec").path("ingress");
                for (int i = ingress.size() - 1; i >= 0; i--) {
                    String caller = ingress.get(i).path("from").path(0).path("podSelector").path("matchLabels")
                            .path("app.kubernetes.io/component").asText();
                    if (caller.equals(callerComponent)) {
                        ingress.remove(i);
                    }
                }
            }
            changed.add(copy);
        }
        return new LabCluster(labPods, clusterDns, changed);
    }

    Pod anyPod(String component) {
        return labPods.stream().filter(pod -> component.equals(component(pod))).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + component + " pod"));
    }

    /** The component label, or "cluster-dns" for CoreDNS. */
    static String component(Pod pod) {
        return pod.namespace().equals(Chart.NAMESPACE) ? pod.labels().get("app.kubernetes.io/component") : "cluster-dns";
    }
}
