package dev.outagelab.netpol;

import java.util.HashMap;
import java.util.Map;

/**
 * A namespace and its labels. Like the API server, it always carries
 * {@code kubernetes.io/metadata.name: <name>}, which is how a namespaceSelector names one namespace.
 */
public record Namespace(String name, Map<String, String> labels) {

    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        Map<String, String> withName = new HashMap<>(labels);
        withName.put(NAME_LABEL, name);
        labels = Map.copyOf(withName);
    }

    public static Namespace named(String name) {
        return new Namespace(name, Map.of());
    }
}
