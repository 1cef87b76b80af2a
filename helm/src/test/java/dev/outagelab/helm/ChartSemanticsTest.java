package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static dev.outagelab.helm.Manifests.labels;
import static dev.outagelab.helm.Manifests.name;
import static dev.outagelab.helm.Manifests.podLabels;
import static dev.outagelab.helm.Manifests.podTemplate;
import static dev.outagelab.helm.Manifests.selects;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the rendered objects mean together: who selects whom, where pods may run, what admission would say. */
class ChartSemanticsTest {

    /** The kind cluster of k8s/, which the chart's placement must fit. */
    private static final Path KIND_CONFIG = Path.of("..", "k8s", "kind-config.yaml");
    private static final Set<String> COMPONENTS = Set.of("status-page", "cdn-edge", "dns-resolver", "db-node", "orchestrator");

    static List<Path> ciValuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyServiceSelectsExactlyTheWorkloadsItsNameNames(Path valuesFile) {
        // <fullname>-<component>[-headless]: every pod of the component; <fullname>-<site or pop>: that workload.
        Manifests manifests = Chart.render(valuesFile);
        assertAll(manifests.ofKind("Service").stream().map(service -> (Executable) () -> {
            Map<String, String> selector = labels(service.path("spec").path("selector"));
            Set<String> selected = new TreeSet<>();
            manifests.workloads().stream().filter(workload -> selects(selector, podLabels(workload))).forEach(workload -> selected.add(name(workload)));
            assertEquals(intendedWorkloads(manifests, name(service)), selected, name(service));
        }));
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyPodCanBeScheduledOnlyOnTheKindWorkerOfItsSite(Path valuesFile) {
        List<JsonNode> nodes = kindNodes();
        eachWorkload(valuesFile, workload -> {
            Set<String> zones = new TreeSet<>();
            for (JsonNode node : nodes) {
                if (NodeScheduling.admits(podTemplate(workload).path("spec"), node)) {
                    zones.add(node.path("labels").path("topology.kubernetes.io/zone").asText("control-plane"));
                }
            }
            assertEquals(Set.of(podLabels(workload).get("region")), zones, name(workload));
        });
    }

    @Test
    void withoutNodeAffinityEveryWorkerWillDo() {
        JsonNode workload = Chart.render(Chart.ciValues("default-values.yaml"), Map.of("placement.nodeAffinity", false)).workloads().get(0);
        long workers = kindNodes().stream().filter(node -> NodeScheduling.admits(podTemplate(workload).path("spec"), node)).count();

        assertEquals(3, workers, "the control plane stays tainted, every worker admits");
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyPodPassesTheRestrictedPodSecurityAdmission(Path valuesFile, @TempDir Path workDir) {
        List<JsonNode> podSpecs = new ArrayList<>();
        Chart.render(valuesFile).workloads().forEach(workload -> podSpecs.add(podTemplate(workload).path("spec")));
        Chart.renderTestHooks(valuesFile, workDir).objects().forEach(pod -> podSpecs.add(pod.path("spec")));

        assertAll(podSpecs.stream().map(spec -> (Executable) () ->
                assertEquals(List.of(), RestrictedPodSecurity.violations(spec), spec.path("containers").path(0).path("name").asText())));
    }

    @Test
    void theRestrictedCheckFindsWhatItMustFind() {
        JsonNode spec = podTemplate(Chart.render(Chart.ciValues("default-values.yaml")).workloads().get(0)).path("spec").deepCopy();
        ((ObjectNode) spec).put("hostNetwork", true);
        ((ObjectNode) spec.path("containers").get(0).path("securityContext")).put("allowPrivilegeEscalation", true);

        List<String> problems = RestrictedPodSecurity.violations(spec);

        assertTrue(problems.contains("hostNetwork"), problems::toString);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("privilege escalation")), problems::toString);
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyDisruptionBudgetCoversOneWholeComponentAndLeavesRaftAMajority(Path valuesFile) {
        // (A single orchestrator is its own majority: no budget can keep a drain from taking it.)
        Manifests manifests = Chart.render(valuesFile);
        List<JsonNode> budgets = manifests.ofKind("PodDisruptionBudget");
        assertFalse(budgets.isEmpty());
        for (JsonNode budget : budgets) {
            Map<String, String> selector = labels(budget.path("spec").path("selector").path("matchLabels"));
            String component = selector.get("app.kubernetes.io/component");
            assertTrue(COMPONENTS.contains(component), name(budget));
            int pods = 0;
            for (JsonNode workload : manifests.workloads()) {
                boolean sameComponent = component.equals(podLabels(workload).get("app.kubernetes.io/component"));
                assertEquals(sameComponent, selects(selector, podLabels(workload)), name(budget) + " vs " + name(workload));
                pods += sameComponent ? workload.path("spec").path("replicas").asInt() : 0;
            }
            int maxUnavailable = budget.path("spec").path("maxUnavailable").asInt();
            if (component.equals("orchestrator") && pods > 1) {
                assertTrue(pods - maxUnavailable > pods / 2, "a drain could break the Raft majority: " + pods + " - " + maxUnavailable);
            }
        }
        Set<String> covered = new TreeSet<>();
        budgets.forEach(budget -> covered.add(labels(budget.path("spec").path("selector").path("matchLabels")).get("app.kubernetes.io/component")));
        assertEquals(Set.of("db-node", "orchestrator", "dns-resolver", "cdn-edge"), covered, "status-page's budget is off by default");
    }

    private static Set<String> intendedWorkloads(Manifests manifests, String serviceName) {
        Set<String> intended = new TreeSet<>();
        if (manifests.find("StatefulSet", serviceName).isPresent() || manifests.find("Deployment", serviceName).isPresent()) {
            intended.add(serviceName);
            return intended;
        }
        String component = serviceName.substring(FULLNAME.length() + 1).replaceFirst("-headless$", "");
        assertTrue(COMPONENTS.contains(component), "Service " + serviceName + " names neither a workload nor a component");
        manifests.workloads().stream()
                .filter(workload -> component.equals(podLabels(workload).get("app.kubernetes.io/component")))
                .forEach(workload -> intended.add(name(workload)));
        return intended;
    }

    /** The nodes kind would create: role and labels, the control plane with its NoSchedule taint. */
    private static List<JsonNode> kindNodes() {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            Chart.YAML.readTree(KIND_CONFIG.toFile()).path("nodes").forEach(nodes::add);
            assertEquals(4, nodes.size(), "one control plane and a worker per site");
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void eachWorkload(Path valuesFile, Consumer<JsonNode> check) {
        List<JsonNode> workloads = Chart.render(valuesFile).workloads();
        assertFalse(workloads.isEmpty());
        assertAll(workloads.stream().map(workload -> (Executable) () -> check.accept(workload)));
    }

    /** The part of the scheduler that decides whether a node may take a pod at all. */
    static final class NodeScheduling {

        private NodeScheduling() {
        }

        /** A kind node entry (role, labels) against a pod spec's required node affinity and tolerations. */
        static boolean admits(JsonNode podSpec, JsonNode kindNode) {
            Map<String, String> nodeLabels = new TreeMap<>(labels(kindNode.path("labels")));
            boolean controlPlane = kindNode.path("role").asText().equals("control-plane");
            if (controlPlane && !tolerates(podSpec, "node-role.kubernetes.io/control-plane")) {
                return false;
            }
            for (Map.Entry<String, String> wanted : labels(podSpec.path("nodeSelector")).entrySet()) {
                if (!wanted.getValue().equals(nodeLabels.get(wanted.getKey()))) {
                    return false;
                }
            }
            JsonNode terms = podSpec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
            if (terms.isMissingNode() || terms.isEmpty()) {
                return true;
            }
            // Terms are ORed, the expressions of a term ANDed.
            for (JsonNode term : terms) {
                boolean all = true;
                for (JsonNode expression : term.path("matchExpressions")) {
                    all &= matches(expression, nodeLabels);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(JsonNode expression, Map<String, String> nodeLabels) {
            String value = nodeLabels.get(expression.path("key").asText());
            Set<String> values = new TreeSet<>();
            expression.path("values").forEach(item -> values.add(item.asText()));
            return switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator not modelled: " + expression);
            };
        }

        private static boolean tolerates(JsonNode podSpec, String taintKey) {
            for (JsonNode toleration : podSpec.path("tolerations")) {
                if (toleration.path("key").asText().equals(taintKey) || toleration.path("operator").asText().equals("Exists") && !toleration.has("key")) {
                    return true;
                }
            }
            return false;
        }
    }
}
