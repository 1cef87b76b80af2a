package dev.outagelab.netpol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A pod as NetworkPolicies see it: namespace, labels, and the container ports that named ports refer to. */
public record Pod(String name, String namespace, Map<String, String> labels, List<ContainerPort> ports) implements Endpoint {

    public Pod {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    public static Pod of(String name, String namespace, Map<String, String> labels) {
        return new Pod(name, namespace, labels, List.of());
    }

    /** The number of the named container port with that protocol, if the pod has one. */
    public Optional<Integer> portNumber(String portName, Protocol protocol) {
        return ports.stream()
                .filter(port -> port.name().equals(portName) && port.protocol() == protocol)
                .map(ContainerPort::number)
                .findFirst();
    }

    @Override
    public String displayName() {
        return namespace + "/" + name;
    }

    /** A {@code containers[].ports[]} entry. */
    public record ContainerPort(String name, int number, Protocol protocol) {
    }
}
