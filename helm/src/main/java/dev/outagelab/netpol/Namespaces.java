package dev.outagelab.netpol;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The namespaces of a cluster by name; a namespace nobody declared has only its name label. */
final class Namespaces {

    private final Map<String, Namespace> byName;

    Namespaces(Collection<Namespace> namespaces) {
        this.byName = namespaces.stream().collect(Collectors.toUnmodifiableMap(Namespace::name, Function.identity()));
    }

    Map<String, String> labelsOf(String name) {
        Namespace namespace = byName.get(name);
        return namespace != null ? namespace.labels() : Namespace.named(name).labels();
    }
}
