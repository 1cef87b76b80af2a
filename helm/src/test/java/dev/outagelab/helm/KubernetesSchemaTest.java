package dev.outagelab.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object against the Kubernetes schemas of fabric8's model jars (6.13.5). */
class KubernetesSchemaTest {

    private static final KubernetesSchemas SCHEMAS = KubernetesSchemas.load();

    static List<Path> ciValuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyRenderedObjectMatchesItsKubernetesSchema(Path valuesFile) {
        assertAllValid(Chart.render(valuesFile).objects());
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void helmTestPodMatchesThePodSchema(Path valuesFile, @TempDir Path workDir) {
        List<JsonNode> pods = Chart.renderTestHooks(valuesFile, workDir).objects();

        assertFalse(pods.isEmpty(), "no helm test pod rendered");
        assertAllValid(pods);
    }

    @Test
    void schemasCoverTheKindsTheChartUses() {
        for (String type : List.of("v1 Service", "v1 ConfigMap", "v1 Secret", "v1 Pod", "apps/v1 StatefulSet",
                "apps/v1 Deployment", "networking.k8s.io/v1 NetworkPolicy", "policy/v1 PodDisruptionBudget")) {
            assertTrue(SCHEMAS.knownTypes().contains(type), type + " has no schema");
        }
    }

    @Test
    void misspelledFieldIsRejected() {
        JsonNode deployment = Chart.render(Chart.ciValues("default-values.yaml")).ofKind("Deployment").get(0).deepCopy();
        ObjectNode podSpec = (ObjectNode) deployment.path("spec").path("template").path("spec");
        podSpec.set("contianers", podSpec.remove("containers"));

        List<String> problems = SCHEMAS.validate(deployment);

        assertTrue(problems.stream().anyMatch(problem -> problem.contains("contianers")), problems::toString);
    }

    @Test
    void wrongTypeIsRejected() {
        JsonNode statefulSet = Chart.render(Chart.ciValues("default-values.yaml")).ofKind("StatefulSet").get(0).deepCopy();
        ((ObjectNode) statefulSet.path("spec")).put("replicas", "two");

        List<String> problems = SCHEMAS.validate(statefulSet);

        assertTrue(problems.stream().anyMatch(problem -> problem.contains("replicas")), problems::toString);
    }

    @Test
    void portsAndQuantitiesMayBeNumbersOrNames() {
        // IntOrString and Quantity are Java objects in fabric8's schema but plain scalars in YAML.
        JsonNode service = Chart.render(Chart.ciValues("default-values.yaml")).ofKind("Service").get(0).deepCopy();
        ((ObjectNode) service.path("spec").path("ports").get(0)).put("targetPort", 8080);

        assertEquals(List.of(), SCHEMAS.validate(service));
    }

    @Test
    void kindWithoutSchemaIsRejected() {
        ObjectNode unknown = Chart.YAML.createObjectNode().put("apiVersion", "example.dev/v1").put("kind", "Gadget");

        assertFalse(SCHEMAS.validate(unknown).isEmpty());
    }

    private static void assertAllValid(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            SCHEMAS.validate(object).forEach(problem -> problems.add(object.path("kind").asText() + "/" + Manifests.name(object) + ": " + problem));
        }
        assertEquals(List.of(), problems);
    }
}
