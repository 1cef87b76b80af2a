package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a config change reaches the pods: settings read at start roll the component through the
 * checksum/config annotation; the resolvers' fleet policy is re-read live and rolls nothing.
 */
class ConfigRolloutTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");

    @Test
    void aRecoverySettingRollsTheOrchestratorsAndNothingElse() {
        Manifests before = Chart.render(DEFAULTS);
        Manifests after = Chart.render(DEFAULTS, Map.of("orchestrator.recovery.preventCrossRegionFailover", true));

        assertNotEquals(checksum(before, "StatefulSet", "orchestrator-east"), checksum(after, "StatefulSet", "orchestrator-east"));
        assertEquals(checksum(before, "StatefulSet", "db-node-east"), checksum(after, "StatefulSet", "db-node-east"));
        assertEquals(checksum(before, "StatefulSet", "dns-resolver-east"), checksum(after, "StatefulSet", "dns-resolver-east"));
        assertTrue(after.get("ConfigMap", FULLNAME + "-orchestrator").path("data").path("application.properties").asText()
                .contains("orchestrator.recovery.prevent-cross-region-failover=true"));
    }

    @Test
    void aNewResolverRollsEveryoneWhoAddressesResolvers(@TempDir Path workDir) throws IOException {
        Manifests before = Chart.render(DEFAULTS);
        // --set cannot change one list item (Helm replaces the list), so a values file does.
        Path moreResolvers = Files.writeString(workDir.resolve("resolvers-values.yaml"),
                "dnsResolver:\n  sites:\n    - {name: east, replicas: 2}\n    - {name: west, replicas: 1}\n    - {name: cloud, replicas: 2}\n");
        Manifests after = Chart.render(moreResolvers);

        for (String workload : new String[] {"orchestrator-east", "dns-resolver-east"}) {
            assertNotEquals(checksum(before, "StatefulSet", workload), checksum(after, "StatefulSet", workload), workload);
        }
        assertNotEquals(checksum(before, "Deployment", "status-page"), checksum(after, "Deployment", "status-page"));
    }

    @Test
    void theFleetPolicyChangesLiveWithoutRollingTheResolvers() {
        Manifests before = Chart.render(DEFAULTS);
        Manifests after = Chart.render(DEFAULTS, Map.of("dnsResolver.fleet.policy.max-removals-per-hour", 1));

        assertEquals(checksum(before, "StatefulSet", "dns-resolver-east"), checksum(after, "StatefulSet", "dns-resolver-east"));
        String fleet = after.get("ConfigMap", FULLNAME + "-dns-resolver-fleet").path("data").path("fleet.json").asText();
        assertEquals(1, readJson(fleet).path("max-removals-per-hour").asInt());
        JsonNode pod = Manifests.podTemplate(after.get("StatefulSet", FULLNAME + "-dns-resolver-east")).path("spec");
        boolean mounted = false;
        for (JsonNode mount : Manifests.onlyContainer(pod).path("volumeMounts")) {
            // subPath mounts never see ConfigMap updates; the whole directory does.
            mounted |= mount.path("mountPath").asText().equals("/deployments/fleet") && !mount.has("subPath");
        }
        assertTrue(mounted, "fleet ConfigMap not mounted as a directory");
    }

    @Test
    void theFixesOnValuesSwitchThePostmortemSettings() {
        Manifests fixed = Chart.render(Chart.ciValues("fixes-on-values.yaml"));

        String orchestrator = fixed.get("ConfigMap", FULLNAME + "-orchestrator").path("data").path("application.properties").asText();
        assertTrue(orchestrator.contains("orchestrator.recovery.prevent-cross-region-failover=true"), orchestrator);
        assertTrue(orchestrator.contains("orchestrator.recovery.fail-promotion-on-lag=10s"), orchestrator);
        JsonNode fleet = readJson(fixed.get("ConfigMap", FULLNAME + "-dns-resolver-fleet").path("data").path("fleet.json").asText());
        assertEquals(1, fleet.path("max-removals-per-hour").asInt());
        assertFalse(fleet.path("min-healthy-hosts").isMissingNode());
    }

    /**
     * A resolver refuses to start on a fleet policy its validation rejects (dns-resolver README, "The fleet
     * config"), so every value set with validation on must render one it accepts: peak-qps and host-qps given,
     * and a floor that carries the peak load yet fits the fleet. ImagesIT found the first gap by starting one.
     */
    @ParameterizedTest
    @MethodSource("dev.outagelab.helm.Chart#ciValuesFiles")
    void everyValidatedFleetPolicyIsOneTheResolversAccept(Path valuesFile) {
        Manifests rendered = Chart.render(valuesFile);
        String settings = rendered.get("ConfigMap", FULLNAME + "-dns-resolver").path("data").path("application.properties").asText();
        if (!settings.contains("dns.fleet.validate=true")) {
            return;
        }
        JsonNode fleet = readJson(rendered.get("ConfigMap", FULLNAME + "-dns-resolver-fleet").path("data").path("fleet.json").asText());
        for (String key : new String[] {"min-healthy-hosts", "peak-qps", "host-qps"}) {
            assertTrue(fleet.path(key).isInt(), valuesFile + ": " + key + " is required while validation is on: " + fleet);
        }
        int resolvers = (int) rendered.statefulPodNames().stream().filter(pod -> pod.startsWith(FULLNAME + "-dns-resolver-")).count();
        int floor = fleet.path("min-healthy-hosts").asInt();
        int needed = (int) Math.ceil(fleet.path("peak-qps").asDouble() / fleet.path("host-qps").asDouble());
        assertTrue(floor >= needed, valuesFile + ": min-healthy-hosts " + floor + " cannot carry peak-qps (needs " + needed + ")");
        assertTrue(floor <= resolvers, valuesFile + ": min-healthy-hosts " + floor + " above the fleet's " + resolvers + " resolvers");
    }

    private static String checksum(Manifests manifests, String kind, String shortName) {
        String value = Manifests.podTemplate(manifests.get(kind, FULLNAME + "-" + shortName)).path("metadata").path("annotations")
                .path("checksum/config").asText();
        assertFalse(value.isEmpty(), shortName + " has no checksum/config");
        return value;
    }

    private static JsonNode readJson(String json) {
        try {
            return Chart.YAML.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
