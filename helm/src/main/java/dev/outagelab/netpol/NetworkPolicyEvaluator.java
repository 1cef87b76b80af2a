package dev.outagelab.netpol;

import java.util.Collection;
import java.util.List;

/**
 * Decides which connections the NetworkPolicies of a cluster allow, by the rules of the Kubernetes
 * documentation:
 * <ul>
 *   <li>a pod is isolated in a direction only if some policy selects it with that policyType;
 *       a pod no policy selects lets everything through in that direction;</li>
 *   <li>policies add up: an isolated pod allows a connection if any policy selecting it allows it,
 *       and no policy can deny what another allows;</li>
 *   <li>a connection needs egress allowed at its source and ingress allowed at its destination.</li>
 * </ul>
 * Outside addresses have no policies, so their own side always allows. Like Kubernetes, this
 * evaluates new connections; replies of an allowed connection are always allowed.
 */
public final class NetworkPolicyEvaluator {

    private final Namespaces namespaces;
    private final List<NetworkPolicy> policies;

    public NetworkPolicyEvaluator(Collection<Namespace> namespaces, Collection<NetworkPolicy> policies) {
        this.namespaces = new Namespaces(namespaces);
        this.policies = List.copyOf(policies);
    }

    public Verdict evaluate(Connection connection) {
        return new Verdict(connection,
                side(PolicyType.EGRESS, connection.source(), connection.destination(), connection),
                side(PolicyType.INGRESS, connection.destination(), connection.source(), connection));
    }

    public boolean allows(Connection connection) {
        return evaluate(connection).allowed();
    }

    /** The decision at {@code subject} for traffic to or from {@code peer}. */
    private Verdict.Side side(PolicyType direction, Endpoint subject, Endpoint peer, Connection connection) {
        if (!(subject instanceof Pod pod)) {
            return new Verdict.Side(true, "outside the cluster");
        }
        List<NetworkPolicy> isolating = policies.stream().filter(policy -> policy.selects(pod, direction)).toList();
        if (isolating.isEmpty()) {
            return new Verdict.Side(true, "not isolated");
        }
        for (NetworkPolicy policy : isolating) {
            if (policy.allows(direction, peer, connection.destination(), connection.port(), connection.protocol(), namespaces)) {
                return new Verdict.Side(true, "allowed by " + policy.displayName());
            }
        }
        return new Verdict.Side(false, "isolated by " + isolating.stream().map(NetworkPolicy::displayName).toList() + ", none allows it");
    }
}
