package dev.outagelab.netpol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads NetworkPolicies and pod templates from the plain maps and lists any YAML or JSON library
 * produces (Jackson's {@code convertValue(node, Map.class)}, SnakeYAML's {@code load}), so the
 * evaluator needs no parser of its own and callers keep theirs.
 */
public final class PolicyReader {

    private PolicyReader() {
    }

    /** A {@code networking.k8s.io/v1 NetworkPolicy} object; its namespace if it has none in metadata. */
    public static NetworkPolicy networkPolicy(Map<String, ?> object, String defaultNamespace) {
        if (!"NetworkPolicy".equals(object.get("kind"))) {
            throw new IllegalArgumentException("not a NetworkPolicy: kind " + object.get("kind"));
        }
        Map<String, ?> metadata = map(object.get("metadata"));
        Map<String, ?> spec = map(object.get("spec"));
        String name = String.valueOf(metadata.get("name"));
        String namespace = metadata.get("namespace") instanceof String declared ? declared : defaultNamespace;
        List<PolicyRule> ingress = rules(spec.get("ingress"), "from");
        List<PolicyRule> egress = rules(spec.get("egress"), "to");
        Set<PolicyType> types = new LinkedHashSet<>();
        list(spec.get("policyTypes")).forEach(type -> types.add(PolicyType.parse(String.valueOf(type))));
        if (types.isEmpty()) {
            types.addAll(NetworkPolicy.defaultPolicyTypes(egress));
        }
        if (!spec.containsKey("podSelector")) {
            throw new IllegalArgumentException("NetworkPolicy " + name + " has no spec.podSelector");
        }
        return new NetworkPolicy(name, namespace, labelSelector(spec.get("podSelector")), types, ingress, egress);
    }

    /**
     * A pod with the labels and container ports of a pod template ({@code spec.template} of a
     * Deployment or StatefulSet, or a Pod itself).
     */
    public static Pod pod(String name, String namespace, Map<String, ?> podTemplate) {
        Map<String, ?> metadata = map(podTemplate.get("metadata"));
        Map<String, ?> spec = map(podTemplate.get("spec"));
        List<Pod.ContainerPort> ports = new ArrayList<>();
        for (Object container : list(spec.get("containers"))) {
            for (Object port : list(map(container).get("ports"))) {
                Map<String, ?> entry = map(port);
                Object portName = entry.get("name");
                ports.add(new Pod.ContainerPort(portName == null ? "" : String.valueOf(portName),
                        ((Number) entry.get("containerPort")).intValue(),
                        Protocol.parse((String) entry.get("protocol"))));
            }
        }
        return new Pod(name, namespace, strings(metadata.get("labels")), ports);
    }

    public static LabelSelector labelSelector(Object selector) {
        Map<String, ?> map = map(selector);
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (Object expression : list(map.get("matchExpressions"))) {
            Map<String, ?> entry = map(expression);
            Set<String> values = new LinkedHashSet<>();
            list(entry.get("values")).forEach(value -> values.add(String.valueOf(value)));
            requirements.add(new LabelSelector.Requirement(String.valueOf(entry.get("key")),
                    LabelSelector.Operator.parse(String.valueOf(entry.get("operator"))), values));
        }
        return new LabelSelector(strings(map.get("matchLabels")), requirements);
    }

    private static List<PolicyRule> rules(Object rules, String peersKey) {
        List<PolicyRule> result = new ArrayList<>();
        for (Object rule : list(rules)) {
            Map<String, ?> entry = map(rule);
            List<Peer> peers = list(entry.get(peersKey)).stream().map(PolicyReader::peer).toList();
            List<PolicyPort> ports = list(entry.get("ports")).stream().map(PolicyReader::port).toList();
            result.add(new PolicyRule(peers, ports));
        }
        return result;
    }

    private static Peer peer(Object peer) {
        Map<String, ?> entry = map(peer);
        Optional<IpBlock> ipBlock = Optional.ofNullable(entry.get("ipBlock")).map(block -> {
            Map<String, ?> fields = map(block);
            List<IpBlock.Cidr> except = list(fields.get("except")).stream().map(cidr -> IpBlock.Cidr.parse(String.valueOf(cidr))).toList();
            return new IpBlock(IpBlock.Cidr.parse(String.valueOf(fields.get("cidr"))), except);
        });
        return new Peer(Optional.ofNullable(entry.get("podSelector")).map(PolicyReader::labelSelector),
                Optional.ofNullable(entry.get("namespaceSelector")).map(PolicyReader::labelSelector), ipBlock);
    }

    private static PolicyPort port(Object port) {
        Map<String, ?> entry = map(port);
        Protocol protocol = Protocol.parse((String) entry.get("protocol"));
        Object value = entry.get("port");
        Optional<Integer> endPort = Optional.ofNullable((Number) entry.get("endPort")).map(Number::intValue);
        if (value instanceof Number number) {
            return new PolicyPort(protocol, Optional.of(number.intValue()), Optional.empty(), endPort);
        }
        return new PolicyPort(protocol, Optional.empty(), Optional.ofNullable((String) value), endPort);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, got " + value);
        }
        return (Map<String, ?>) value;
    }

    private static List<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list, got " + value);
        }
        return list;
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        map(value).forEach((key, item) -> result.put(key, String.valueOf(item)));
        return result;
    }
}
