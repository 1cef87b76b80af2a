package dev.outagelab.helm;

import static dev.outagelab.helm.Manifests.name;
import static dev.outagelab.helm.Manifests.onlyContainer;
import static dev.outagelab.helm.Manifests.podLabels;
import static dev.outagelab.helm.Manifests.podTemplate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment variable and every config key the chart gives a service is one the service reads,
 * compared with the service's own @ConfigMapping interfaces (and service-kit's): a renamed key in a
 * service, or a typo in the chart, fails here instead of being ignored in a pod.
 */
class ConfigKeysTest {

    private static final Map<String, ConfigMappings> MAPPINGS = new ConcurrentHashMap<>();

    static List<Path> ciValuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyEnvironmentVariableIsOneTheServiceReads(Path valuesFile) {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : Chart.render(valuesFile).workloads()) {
            ConfigMappings mappings = mappingsOf(workload);
            for (JsonNode variable : onlyContainer(podTemplate(workload).path("spec")).path("env")) {
                mappings.problemWithEnvironmentVariable(variable.path("name").asText())
                        .ifPresent(problem -> problems.add(name(workload) + ": " + problem));
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyConfigKeyInAMountedConfigMapIsOneTheServiceReads(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode workload : manifests.workloads()) {
            ConfigMappings mappings = mappingsOf(workload);
            for (JsonNode volume : podTemplate(workload).path("spec").path("volumes")) {
                String configMap = volume.path("configMap").path("name").asText("");
                if (configMap.isEmpty()) {
                    continue;
                }
                JsonNode data = manifests.get("ConfigMap", configMap).path("data");
                var files = data.fields();
                while (files.hasNext()) {
                    var file = files.next();
                    if (!file.getKey().endsWith(".properties")) {
                        continue;
                    }
                    for (String key : properties(file.getValue().asText()).stringPropertyNames()) {
                        checked++;
                        mappings.problemWithProperty(key).ifPresent(problem -> problems.add(configMap + "/" + file.getKey() + ": " + problem));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 20, "only " + checked + " keys checked");
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyPodThatReadsAPerPodFileFindsItInItsConfigMap(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        int pods = 0;
        for (JsonNode set : manifests.ofKind("StatefulSet")) {
            JsonNode container = onlyContainer(podTemplate(set).path("spec"));
            var location = Manifests.env(container, "QUARKUS_CONFIG_LOCATIONS");
            if (location.isEmpty()) {
                continue;
            }
            assertEquals("/deployments/config/$(LAB_INSTANCE_NAME).properties", location.get().path("value").asText());
            JsonNode data = manifests.get("ConfigMap", Chart.FULLNAME + "-" + podLabels(set).get("app.kubernetes.io/component")).path("data");
            for (int ordinal = 0; ordinal < set.path("spec").path("replicas").asInt(); ordinal++) {
                String file = name(set) + "-" + ordinal + ".properties";
                assertTrue(data.has(file), file + " missing");
                assertEquals("270", properties(data.path(file).asText()).getProperty("config_ordinal"), file + " must outrank application.properties");
                pods++;
            }
        }
        int dbNodes = manifests.ofKind("StatefulSet").stream()
                .filter(set -> "db-node".equals(podLabels(set).get("app.kubernetes.io/component")))
                .mapToInt(set -> set.path("spec").path("replicas").asInt()).sum();
        assertEquals(dbNodes, pods, "every db-node reads its file");
    }

    @Test
    void onlyTheFirstDbNodeStartsAsPrimaryAndTheOthersReplicateFromIt() {
        JsonNode data = Chart.render(Chart.ciValues("default-values.yaml")).get("ConfigMap", Chart.FULLNAME + "-db-node").path("data");
        Properties primary = properties(data.path(Chart.FULLNAME + "-db-node-east-0.properties").asText());
        Properties replica = properties(data.path(Chart.FULLNAME + "-db-node-west-0.properties").asText());

        assertEquals("primary", primary.getProperty("db.role"));
        assertEquals(null, primary.getProperty("db.source"));
        assertEquals("replica", replica.getProperty("db.role"));
        assertEquals("http://" + Chart.FULLNAME + "-db-node-east-0." + Chart.FULLNAME + "-db-node-headless." + Chart.NAMESPACE
                + ".svc.cluster.local:8080", replica.getProperty("db.source"));
    }

    @Test
    void aKeyTheServiceDoesNotReadIsNamedWithWhatItHas() {
        ConfigMappings dbNode = ConfigMappings.of("db-node");

        assertTrue(dbNode.problemWithProperty("db.data-dir").isEmpty());
        assertTrue(dbNode.problemWithProperty("lab.instance.name").isEmpty(), "service-kit's keys count");
        String typo = dbNode.problemWithProperty("db.data-dri").orElseThrow();
        assertTrue(typo.contains("data-dir"), typo);
        assertFalse(dbNode.problemWithProperty("dns.port").isEmpty(), "another service's key");
        assertTrue(dbNode.problemWithEnvironmentVariable("LAB_ADMIN_TOKEN").isEmpty());
        assertFalse(dbNode.problemWithEnvironmentVariable("DNS_TSIG_SECRET").isEmpty(), "db-node never reads the TSIG key");
    }

    @Test
    void listsMapsAndNestedGroupsAreFollowed() {
        ConfigMappings dns = ConfigMappings.of("dns-resolver");

        assertTrue(dns.problemWithProperty("dns.zone.records[3].data").isEmpty());
        assertFalse(dns.problemWithProperty("dns.zone.records.data").isEmpty(), "a list of groups needs an index");
        assertFalse(dns.problemWithProperty("dns.zone").isEmpty(), "a group is not a value");
        assertTrue(dns.problemWithEnvironmentVariable("DNS_PORT").isEmpty());
    }

    private static ConfigMappings mappingsOf(JsonNode workload) {
        String component = podLabels(workload).get("app.kubernetes.io/component");
        return MAPPINGS.computeIfAbsent(component, ConfigMappings::of);
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
