package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static dev.outagelab.helm.Manifests.containerPort;
import static dev.outagelab.helm.Manifests.onlyContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod that `helm test` runs against an installed release. */
class HelmTestHookTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final Pattern URL = Pattern.compile("http://([a-z0-9-]+):(\\d+)(/[A-Za-z0-9/._-]+)");

    @Test
    void testPodIsAHelmTestHook(@TempDir Path workDir) {
        JsonNode pod = onlyPod(workDir, DEFAULTS);

        // Chart.renderTestHooks renames helm.sh/hook to was.helm.sh/hook so that it renders at all.
        assertEquals("test", pod.path("metadata").path("annotations").path("was.helm.sh/hook").asText());
        assertEquals("Never", pod.path("spec").path("restartPolicy").asText());
    }

    @Test
    void testPodAsksTheStatusPageServiceForTheSummary(@TempDir Path workDir) {
        JsonNode container = onlyContainer(onlyPod(workDir, DEFAULTS).path("spec"));
        StringBuilder command = new StringBuilder();
        container.path("command").forEach(part -> command.append(part.asText()).append('\n'));
        Matcher url = URL.matcher(command);

        assertTrue(url.find(), "no URL in " + container.path("command"));
        assertEquals(FULLNAME + "-status-page", url.group(1));
        assertEquals("/api/v2/summary.json", url.group(3));
        JsonNode service = Chart.render(DEFAULTS).get("Service", url.group(1));
        boolean servesThatPort = false;
        for (JsonNode port : service.path("spec").path("ports")) {
            servesThatPort |= port.path("port").asText().equals(url.group(2));
        }
        assertTrue(servesThatPort, url.group(1) + " has no port " + url.group(2));
        JsonNode statusPage = onlyContainer(Manifests.podTemplate(Chart.render(DEFAULTS).get("Deployment", FULLNAME + "-status-page")).path("spec"));
        assertTrue(containerPort(statusPage, Chart.YAML.getNodeFactory().textNode("http")).isPresent());
    }

    @Test
    void testPodAsksTheResolverServiceOnPort53ForALabName(@TempDir Path workDir) {
        JsonNode container = onlyContainer(onlyPod(workDir, DEFAULTS).path("spec"));
        Matcher lookup = Pattern.compile("nslookup -type=A ([a-z0-9.-]+) ([a-z0-9-]+)\\)").matcher(container.path("command").get(2).asText());

        assertTrue(lookup.find(), container.path("command").toString());
        assertEquals("ns1.lab.internal", lookup.group(1));
        // busybox nslookup asks port 53: the Service must map 53/UDP to the resolvers.
        JsonNode service = Chart.render(DEFAULTS).get("Service", lookup.group(2));
        boolean udp53 = false;
        for (JsonNode port : service.path("spec").path("ports")) {
            udp53 |= port.path("port").asInt() == 53 && port.path("protocol").asText().equals("UDP");
        }
        assertTrue(udp53, lookup.group(2) + " has no 53/UDP");
    }

    @Test
    void testPodRunsUnderTheRestrictedPodSecurityStandard(@TempDir Path workDir) {
        JsonNode spec = onlyPod(workDir, DEFAULTS).path("spec");
        JsonNode context = onlyContainer(spec).path("securityContext");

        assertTrue(spec.path("securityContext").path("runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", spec.path("securityContext").path("seccompProfile").path("type").asText());
        assertFalse(context.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(context.path("readOnlyRootFilesystem").asBoolean());
        assertEquals("[\"ALL\"]", context.path("capabilities").path("drop").toString());
        assertFalse(onlyContainer(spec).path("resources").path("limits").isMissingNode());
    }

    @Test
    void testImageDefaultsToCurlAndCanBeReplaced(@TempDir Path workDir) throws Exception {
        assertTrue(onlyContainer(onlyPod(workDir.resolve("default"), DEFAULTS).path("spec")).path("image").asText().startsWith("curlimages/curl:"));

        Path mirror = Files.writeString(workDir.resolve("mirror-values.yaml"), "tests:\n  image: registry.lab:5000/curl:8\n");
        assertEquals("registry.lab:5000/curl:8", onlyContainer(onlyPod(workDir.resolve("mirror"), mirror).path("spec")).path("image").asText());
    }

    private static JsonNode onlyPod(Path workDir, Path valuesFile) {
        List<JsonNode> pods = Chart.renderTestHooks(valuesFile, workDir).objects();
        assertEquals(1, pods.size(), "test pods");
        return pods.get(0);
    }
}
