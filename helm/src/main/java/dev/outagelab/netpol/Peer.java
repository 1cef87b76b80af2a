package dev.outagelab.netpol;

import java.util.Optional;

/**
 * One {@code from}/{@code to} entry of a rule. With a podSelector alone it means pods of the
 * policy's own namespace; with a namespaceSelector alone, every pod of the matching namespaces;
 * with both, the matching pods of the matching namespaces (one entry, so both must hold).
 */
public record Peer(Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector, Optional<IpBlock> ipBlock) {

    public Peer {
        if (ipBlock.isPresent() && (podSelector.isPresent() || namespaceSelector.isPresent())) {
            throw new IllegalArgumentException("a peer with ipBlock may not also have a podSelector or namespaceSelector");
        }
        if (ipBlock.isEmpty() && podSelector.isEmpty() && namespaceSelector.isEmpty()) {
            throw new IllegalArgumentException("a peer needs a podSelector, a namespaceSelector or an ipBlock");
        }
    }

    public static Peer pods(LabelSelector podSelector) {
        return new Peer(Optional.of(podSelector), Optional.empty(), Optional.empty());
    }

    public static Peer namespaces(LabelSelector namespaceSelector) {
        return new Peer(Optional.empty(), Optional.of(namespaceSelector), Optional.empty());
    }

    public static Peer podsInNamespaces(LabelSelector podSelector, LabelSelector namespaceSelector) {
        return new Peer(Optional.of(podSelector), Optional.of(namespaceSelector), Optional.empty());
    }

    public static Peer addresses(IpBlock ipBlock) {
        return new Peer(Optional.empty(), Optional.empty(), Optional.of(ipBlock));
    }

    /** True if the endpoint is this peer, for a policy in {@code policyNamespace}. */
    boolean matches(Endpoint endpoint, String policyNamespace, Namespaces namespaces) {
        if (endpoint instanceof ExternalAddress external) {
            return ipBlock.map(block -> block.contains(external.address())).orElse(false);
        }
        Pod pod = (Pod) endpoint;
        if (ipBlock.isPresent()) {
            return false;
        }
        boolean inNamespace = namespaceSelector
                .map(selector -> selector.matches(namespaces.labelsOf(pod.namespace())))
                .orElse(pod.namespace().equals(policyNamespace));
        return inNamespace && podSelector.map(selector -> selector.matches(pod.labels())).orElse(true);
    }
}
