package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static dev.outagelab.helm.Chart.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the admin token and the TSIG key come from: values, else the Secret already in the cluster, else new. */
class AdminSecretTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final String SECRET = FULLNAME + "-admin";

    private final FakeKubernetesApi cluster = Chart.kubernetes();

    @AfterEach
    void emptyTheCluster() {
        cluster.clearSecrets();
    }

    @Test
    void tokenFromValuesIsStored() {
        assertEquals("from-values", token(Chart.renderAgainst(cluster, DEFAULTS, Map.of("admin.token", "from-values"))));
    }

    @Test
    void firstInstallGeneratesARandomTokenOf32Characters() {
        String first = token(Chart.renderAgainst(cluster, DEFAULTS, Map.of()));
        String second = token(Chart.renderAgainst(cluster, DEFAULTS, Map.of()));

        assertTrue(first.matches("[A-Za-z0-9]{32}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void upgradeKeepsTheTokenOfTheExistingSecret() {
        cluster.putSecret(NAMESPACE, SECRET, Map.of("admin-token", base64("issued-last-week")));

        assertEquals("issued-last-week", token(Chart.renderAgainst(cluster, DEFAULTS, Map.of())));
    }

    @Test
    void tokenFromValuesReplacesTheExistingOne() {
        cluster.putSecret(NAMESPACE, SECRET, Map.of("admin-token", base64("issued-last-week")));

        assertEquals("rotated", token(Chart.renderAgainst(cluster, DEFAULTS, Map.of("admin.token", "rotated"))));
    }

    @Test
    void firstInstallGeneratesA32ByteTsigKeyAndUpgradeKeepsIt() {
        String generated = secretValue(Chart.renderAgainst(cluster, DEFAULTS, Map.of()), "tsig-secret");
        assertEquals(32, Base64.getDecoder().decode(generated).length, generated);

        cluster.putSecret(NAMESPACE, SECRET, Map.of("admin-token", base64("t"), "tsig-secret", base64("a2V5")));
        assertEquals("a2V5", secretValue(Chart.renderAgainst(cluster, DEFAULTS, Map.of()), "tsig-secret"));
        assertEquals("b3RoZXI=", secretValue(
                Chart.renderAgainst(cluster, DEFAULTS, Map.of("admin.tsigSecret", "b3RoZXI=")), "tsig-secret"));
    }

    private static String token(Manifests manifests) {
        return secretValue(manifests, "admin-token");
    }

    private static String secretValue(Manifests manifests, String key) {
        String encoded = manifests.get("Secret", SECRET).path("data").path(key).asText();
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
