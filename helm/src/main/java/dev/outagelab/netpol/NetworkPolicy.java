package dev.outagelab.netpol;

import java.util.List;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1 NetworkPolicy}. It isolates the pods of its namespace that its
 * podSelector selects, in the directions of its policyTypes, and allows what its rules list.
 */
public record NetworkPolicy(String name, String namespace, LabelSelector podSelector, Set<PolicyType> policyTypes,
                            List<PolicyRule> ingress, List<PolicyRule> egress) {

    public NetworkPolicy {
        policyTypes = Set.copyOf(policyTypes);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /**
     * The policyTypes Kubernetes assumes when a policy names none: always Ingress, and Egress too
     * if it has egress rules.
     */
    public static Set<PolicyType> defaultPolicyTypes(List<PolicyRule> egress) {
        return egress.isEmpty() ? Set.of(PolicyType.INGRESS) : Set.of(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    /** True if this policy isolates the pod in that direction. */
    public boolean selects(Pod pod, PolicyType direction) {
        return policyTypes.contains(direction) && namespace.equals(pod.namespace()) && podSelector.matches(pod.labels());
    }

    /** True if one of this policy's rules for that direction lets {@code peer} talk to {@code destination}. */
    boolean allows(PolicyType direction, Endpoint peer, Endpoint destination, int port, Protocol protocol, Namespaces namespaces) {
        List<PolicyRule> rules = direction == PolicyType.INGRESS ? ingress : egress;
        return rules.stream().anyMatch(rule -> rule.allows(peer, destination, port, protocol, namespace, namespaces));
    }

    public String displayName() {
        return namespace + "/" + name;
    }
}
