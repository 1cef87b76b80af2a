package dev.outagelab.netpol;

import java.util.Optional;

/**
 * One {@code ports} entry of a rule: a protocol and either every port, one port by number or name,
 * or the range {@code port..endPort}. A named port is looked up on the destination pod, in both
 * directions, as Kubernetes does.
 */
public record PolicyPort(Protocol protocol, Optional<Integer> number, Optional<String> name, Optional<Integer> endPort) {

    public PolicyPort {
        if (number.isPresent() && name.isPresent()) {
            throw new IllegalArgumentException("a port is a number or a name, not both");
        }
        if (endPort.isPresent() && (number.isEmpty() || endPort.get() < number.get())) {
            throw new IllegalArgumentException("endPort needs a numeric port no greater than it");
        }
    }

    public static PolicyPort of(Protocol protocol, int number) {
        return new PolicyPort(protocol, Optional.of(number), Optional.empty(), Optional.empty());
    }

    public static PolicyPort named(Protocol protocol, String name) {
        return new PolicyPort(protocol, Optional.empty(), Optional.of(name), Optional.empty());
    }

    public static PolicyPort range(Protocol protocol, int from, int to) {
        return new PolicyPort(protocol, Optional.of(from), Optional.empty(), Optional.of(to));
    }

    public static PolicyPort allOf(Protocol protocol) {
        return new PolicyPort(protocol, Optional.empty(), Optional.empty(), Optional.empty());
    }

    boolean matches(Endpoint destination, int port, Protocol connectionProtocol) {
        if (protocol != connectionProtocol) {
            return false;
        }
        if (name.isPresent()) {
            // Only a pod has named ports; toward an address outside the cluster a named port matches nothing.
            return destination instanceof Pod pod && pod.portNumber(name.get(), protocol).map(number -> number == port).orElse(false);
        }
        if (number.isEmpty()) {
            return true;
        }
        return port >= number.get() && port <= endPort.orElse(number.get());
    }
}
