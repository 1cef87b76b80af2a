package dev.outagelab.helm;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** The objects of one render, with the look-ups the tests need. */
record Manifests(List<JsonNode> objects) {

    static final List<String> WORKLOAD_KINDS = List.of("StatefulSet", "Deployment");

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText())).toList();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new NoSuchElementException(kind + " " + name + " not rendered; have " + names()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    /** StatefulSets and Deployments: the objects that own the lab's pods. */
    List<JsonNode> workloads() {
        return objects.stream().filter(object -> WORKLOAD_KINDS.contains(object.path("kind").asText())).toList();
    }

    /**
     * The workloads of {@code before} whose pod template this render changes, as {@code kind/name}: what a
     * {@code helm upgrade} from that render to this one would roll. A live config change must leave it empty.
     */
    List<String> rolledFrom(Manifests before) {
        return before.workloads().stream()
                .filter(workload -> !podTemplate(workload).equals(podTemplate(get(workload.path("kind").asText(), name(workload)))))
                .map(workload -> workload.path("kind").asText() + "/" + name(workload))
                .toList();
    }

    /** Workload name to replicas. */
    Map<String, Integer> replicas(String kind) {
        Map<String, Integer> replicas = new TreeMap<>();
        ofKind(kind).forEach(workload -> replicas.put(name(workload), workload.path("spec").path("replicas").asInt()));
        return replicas;
    }

    /** Names of the pods the StatefulSets will create: name-0, name-1, ... */
    List<String> statefulPodNames() {
        return ofKind("StatefulSet").stream()
                .flatMap(set -> Stream.iterate(0, ordinal -> ordinal < set.path("spec").path("replicas").asInt(), ordinal -> ordinal + 1)
                        .map(ordinal -> name(set) + "-" + ordinal))
                .toList();
    }

    List<String> names() {
        return objects.stream().map(object -> object.path("kind").asText() + "/" + name(object)).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static Map<String, String> labels(JsonNode labelsNode) {
        Map<String, String> labels = new TreeMap<>();
        labelsNode.fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }

    static JsonNode podTemplate(JsonNode workload) {
        return workload.path("spec").path("template");
    }

    static Map<String, String> podLabels(JsonNode workload) {
        return labels(podTemplate(workload).path("metadata").path("labels"));
    }

    /** The lab runs one container per pod; the tests rely on it. */
    static JsonNode onlyContainer(JsonNode podSpec) {
        JsonNode containers = podSpec.path("containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, got " + containers);
        }
        return containers.get(0);
    }

    static Optional<JsonNode> env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return Optional.of(variable);
            }
        }
        return Optional.empty();
    }

    /** Resolves a port reference (number or container port name) to the container port. */
    static Optional<JsonNode> containerPort(JsonNode container, JsonNode portReference) {
        for (JsonNode port : container.path("ports")) {
            boolean byNumber = portReference.isInt() && port.path("containerPort").asInt() == portReference.asInt();
            boolean byName = portReference.isTextual() && portReference.asText().equals(port.path("name").asText());
            if (byNumber || byName) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    /** True if every key of the selector has the same value in the labels. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }
}
