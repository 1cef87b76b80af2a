package dev.outagelab.netpol;

import java.util.List;

/**
 * One {@code ingress} or {@code egress} entry: the connection must come from (go to) one of the peers
 * AND use one of the ports. An empty peer list means any peer, an empty port list any port.
 */
public record PolicyRule(List<Peer> peers, List<PolicyPort> ports) {

    /** {@code - {}}: everything. */
    public static final PolicyRule ANYTHING = new PolicyRule(List.of(), List.of());

    public PolicyRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    boolean allows(Endpoint peer, Endpoint destination, int port, Protocol protocol, String policyNamespace, Namespaces namespaces) {
        boolean peerMatches = peers.isEmpty() || peers.stream().anyMatch(candidate -> candidate.matches(peer, policyNamespace, namespaces));
        boolean portMatches = ports.isEmpty() || ports.stream().anyMatch(candidate -> candidate.matches(destination, port, protocol));
        return peerMatches && portMatches;
    }
}
