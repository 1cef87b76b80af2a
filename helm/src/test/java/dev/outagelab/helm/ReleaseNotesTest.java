package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.NAMESPACE;
import static dev.outagelab.helm.Chart.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NOTES.txt must print commands that work: every object they name is one the chart renders. */
class ReleaseNotesTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static String notes;
    private static Manifests manifests;

    @BeforeAll
    static void install() {
        // helm-java's template does not render NOTES.txt; a client-side dry-run install does.
        Chart.kubernetes();
        String output = new Helm(Chart.PATH).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(DEFAULTS)
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly()
                .call()
                .getOutput();
        notes = output.substring(output.indexOf("NOTES:"));
        manifests = Chart.render(DEFAULTS);
    }

    @Test
    void notesPortForwardTheStatusPageServiceAndOpenIt() {
        Matcher forward = find("kubectl -n (\\S+) port-forward svc/(\\S+) (\\d+):(\\d+)");

        assertEquals(NAMESPACE, forward.group(1));
        JsonNode service = manifests.get("Service", forward.group(2));
        assertEquals("status-page", service.path("metadata").path("labels").path("app.kubernetes.io/component").asText());
        assertTrue(servicePorts(service).contains(":" + forward.group(4) + ":"), forward.group(0));
        assertTrue(notes.contains("http://localhost:" + forward.group(3)), "notes do not say what to open");
    }

    @Test
    void notesPortForwardAnEdgeServiceOnItsAppPort() {
        Matcher forward = find("port-forward svc/(\\S+-cdn-edge-\\S+) (\\d+):(\\d+)");

        JsonNode service = manifests.get("Service", forward.group(1));
        assertEquals("cdn-edge", service.path("metadata").path("labels").path("app.kubernetes.io/component").asText());
        assertEquals("8080", forward.group(3));
        assertTrue(servicePorts(service).contains(":8080:"), forward.group(0));
        assertTrue(notes.contains("http://localhost:" + forward.group(2) + "/"), "notes do not say what to fetch");
    }

    @Test
    void notesReadTheAdminTokenFromTheSecretKeyTheServicesUse() {
        Matcher read = find("kubectl -n (\\S+) get secret (\\S+) -o jsonpath='\\{\\.data\\.([A-Za-z0-9-]+)}' \\| base64 -d");

        assertEquals(NAMESPACE, read.group(1));
        assertTrue(manifests.get("Secret", read.group(2)).path("data").has(read.group(3)), read.group(0));
    }

    @Test
    void notesPortForwardTheManagementPortOfAPodThatWillExist() {
        Matcher forward = find("port-forward pod/(\\S+) 9000:9000");

        assertTrue(manifests.statefulPodNames().contains(forward.group(1)), forward.group(1));
    }

    @Test
    void notesWaitForPodsWithLabelsThePodsCarry() {
        Matcher wait = find("-l 'app\\.kubernetes\\.io/instance=(\\S+),app\\.kubernetes\\.io/component'");

        assertEquals(RELEASE, wait.group(1));
        assertTrue(find("--timeout=\\d+s").find(0), "wait without a timeout");
    }

    private static Matcher find(String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(notes);
        assertTrue(matcher.find(), "NOTES lack /" + regex + "/:\n" + notes);
        return matcher;
    }

    private static String servicePorts(JsonNode service) {
        StringBuilder ports = new StringBuilder(":");
        service.path("spec").path("ports").forEach(port -> ports.append(port.path("port").asInt()).append(':'));
        return ports.toString();
    }
}
