package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The Fastly 2021 drill (k8s/drills/fastly-2021.sh): its values file is one customer's config push. It changes the
 * `news` service in the live services ConfigMap and nothing else, no edge rolls, the pushed config sets one
 * response header in two rules (what release 2021.05.12's shared header index cannot hold; cdn-edge's tests show
 * the 503s and the fixes), and only --as-it-happened turns the fixes off.
 */
class FastlyDrillTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final String DRILL_VALUES = "k8s/drills/fastly-2021-values.yaml";

    @Test
    void theDrillPushesOneCustomersConfigThatSetsAHeaderTwiceAndRollsNothing() throws IOException {
        Manifests before = Chart.render(DEFAULTS);
        Manifests during = Chart.render(Path.of("..").resolve(DRILL_VALUES));

        JsonNode pushed = services(during);
        assertEquals(List.of("news"), names(pushed));
        assertEquals(List.of("Cache-Control"), headersSetTwice(pushed.get(0)), pushed.toString());
        assertEquals(List.of(), headersSetTwice(services(before).get(0)), "the chart's own config is not the trigger");
        // The push keeps what the service was (domains, origin, the kv TTL) and only adds the customer's rules.
        assertEquals(services(before).get(0).path("origin"), pushed.get(0).path("origin"));
        assertEquals(services(before).get(0).path("domains"), pushed.get(0).path("domains"));
        assertEquals(services(before).get(0).path("rules").get(0), pushed.get(0).path("rules").get(0));

        assertEquals(List.of(), during.rolledFrom(before), "a config push must reach the running edges, not roll them");
        String edgeSettings = during.get("ConfigMap", FULLNAME + "-cdn-edge").path("data").path("application.properties")
                .asText();
        assertTrue(edgeSettings.contains("edge.release=2021.05.12\n"), edgeSettings);
        assertTrue(edgeSettings.contains("edge.activation.validate-against-release=true\n"), "fix 1 stays on");
        assertTrue(edgeSettings.contains("edge.activation.staged=true\n"), "fix 2 stays on");
        assertTrue(edgeSettings.contains("edge.services.file=/deployments/services/services.json\n"), edgeSettings);
    }

    @Test
    void everyEdgeMountsTheServicesConfigMapWhereItReadsIt() {
        Manifests manifests = Chart.render(DEFAULTS);
        List<JsonNode> edges = manifests.ofKind("Deployment").stream()
                .filter(deployment -> Manifests.name(deployment).startsWith(FULLNAME + "-cdn-edge-"))
                .toList();

        assertEquals(2, edges.size());
        for (JsonNode edge : edges) {
            JsonNode pod = Manifests.podTemplate(edge).path("spec");
            JsonNode volume = findByName(pod.path("volumes"), "services");
            assertEquals(FULLNAME + "-cdn-edge-services", volume.path("configMap").path("name").asText());
            JsonNode mount = findByName(pod.path("containers").get(0).path("volumeMounts"), "services");
            assertEquals("/deployments/services", mount.path("mountPath").asText());
        }
    }

    @Test
    void onlyAsItHappenedTurnsTheFixesOff() throws IOException, InterruptedException {
        List<String> fixed = DrillScript.dryRun("fastly-2021.sh");
        List<String> asItHappened = DrillScript.dryRun("fastly-2021.sh", "--as-it-happened");

        String upgrade = "+ helm --kube-context kind-outage-lab upgrade lab helm/outage-lab --namespace outage-lab --reuse-values -f " + DRILL_VALUES;
        assertEquals(upgrade, fixed.get(0));
        assertEquals(upgrade + " --set cdnEdge.activation.validateAgainstRelease=false --set cdnEdge.activation.staged=false",
                asItHappened.get(0));
    }

    private static JsonNode services(Manifests manifests) throws IOException {
        String json = manifests.get("ConfigMap", FULLNAME + "-cdn-edge-services").path("data").path("services.json").asText();
        return Chart.YAML.readTree(json).path("services");
    }

    private static List<String> names(JsonNode services) {
        List<String> names = new ArrayList<>();
        services.forEach(service -> names.add(service.path("name").asText()));
        return names;
    }

    /** The response headers that more than one rule of the service sets. */
    private static List<String> headersSetTwice(JsonNode service) {
        Set<String> seen = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (JsonNode rule : service.path("rules")) {
            rule.path("responseHeaders").fieldNames().forEachRemaining(header -> {
                if (!seen.add(header.toLowerCase()) && !twice.contains(header)) {
                    twice.add(header);
                }
            });
        }
        return twice;
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no '" + name + "' in " + list);
    }
}
