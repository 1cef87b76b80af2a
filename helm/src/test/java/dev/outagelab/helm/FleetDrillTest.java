package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The AWS Seoul 2018 drill (k8s/drills/aws-seoul-2018.sh): its values file changes the live fleet policy and
 * nothing else. min-healthy-hosts is gone, the rotation speeds up, no pod rolls (the policy arrives through the
 * mounted ConfigMap), and only --as-it-happened turns the resolvers' validation (the fix) off.
 */
class FleetDrillTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final String DRILL_VALUES = "k8s/drills/aws-seoul-2018-values.yaml";

    @Test
    void theDrillDropsMinHealthyHostsFromTheLivePolicyAndRollsNothing() throws IOException {
        Manifests before = Chart.render(DEFAULTS);
        Manifests during = Chart.render(Path.of("..").resolve(DRILL_VALUES));

        JsonNode policy = Chart.YAML.readTree(during.get("ConfigMap", FULLNAME + "-dns-resolver-fleet").path("data").path("fleet.json").asText());
        assertTrue(policy.path("min-healthy-hosts").isMissingNode(), policy.toString());
        assertEquals("1m", policy.path("rotation-period").asText());
        assertEquals("1h", policy.path("maintenance-duration").asText());
        // Everything else is as it was: the drill is one omission, not a new config.
        assertEquals(before.get("ConfigMap", FULLNAME + "-dns-resolver").path("data"), during.get("ConfigMap", FULLNAME + "-dns-resolver").path("data"));
        assertEquals(List.of(), during.rolledFrom(before), "the policy reaches the resolvers live: nothing rolls");
        assertTrue(during.get("ConfigMap", FULLNAME + "-dns-resolver").path("data").path("application.properties").asText()
                .contains("dns.fleet.validate=true"), "the fix stays on unless the drill replays the outage");
    }

    @Test
    void onlyAsItHappenedTurnsValidationOff() throws IOException, InterruptedException {
        List<String> fixed = DrillScript.dryRun("aws-seoul-2018.sh");
        List<String> asItHappened = DrillScript.dryRun("aws-seoul-2018.sh", "--as-it-happened");
        String upgrade = "+ helm --kube-context kind-outage-lab upgrade lab helm/outage-lab --namespace outage-lab --reuse-values -f " + DRILL_VALUES;
        assertEquals(upgrade, fixed.get(0));
        assertEquals(upgrade + " --set dnsResolver.fleet.validate=false", asItHappened.get(0));
    }
}
