package dev.outagelab.helm;

import static dev.outagelab.helm.Manifests.containerPort;
import static dev.outagelab.helm.Manifests.name;
import static dev.outagelab.helm.Manifests.onlyContainer;
import static dev.outagelab.helm.Manifests.podLabels;
import static dev.outagelab.helm.Manifests.podTemplate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile.jvm against what the chart expects of its image: the user it runs as, the
 * directory it reads config from, the ports its pods declare, and a health check that is the chart's
 * readiness probe. Building and starting the images needs a container engine; this checks the files.
 */
class DockerfilesTest {

    private static final Pattern HEALTH_CHECK = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+).*GET (\\S+) HTTP");

    @ParameterizedTest
    @ValueSource(strings = {"cdn-edge", "dns-resolver", "db-node", "orchestrator", "status-page"})
    void imageFitsTheChartsPods(String component) throws IOException {
        List<String> instructions = instructions(Path.of("..", component, "src", "main", "docker", "Dockerfile.jvm"));
        JsonNode workload = Chart.render(Chart.ciValues("default-values.yaml")).workloads().stream()
                .filter(candidate -> component.equals(podLabels(candidate).get("app.kubernetes.io/component")))
                .findFirst().orElseThrow();
        JsonNode pod = podTemplate(workload).path("spec");
        JsonNode container = onlyContainer(pod);

        // The base image is a build argument with a public default.
        assertTrue(instructions.stream().anyMatch(line -> line.matches("ARG BASE_IMAGE=\\S+")), instructions::toString);
        assertTrue(instructions.contains("FROM ${BASE_IMAGE}"), instructions::toString);

        // A numeric non-root user, the one the chart runs as.
        String user = value(instructions, "USER");
        assertTrue(user.matches("\\d+(:\\d+)?"), "USER must be numeric for runAsNonRoot to verify it: " + user);
        assertFalse(user.startsWith("0"), user);
        assertEquals(pod.path("securityContext").path("runAsUser").asText(), user.split(":")[0]);

        // The Quarkus fast-jar, started from the directory whose config/ the chart mounts.
        String workdir = value(instructions, "WORKDIR");
        assertTrue(instructions.stream().anyMatch(line -> line.startsWith("COPY target/quarkus-app/lib/")), instructions::toString);
        assertTrue(value(instructions, "ENTRYPOINT").contains(workdir + "/quarkus-run.jar"));
        boolean configMounted = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            configMounted |= mount.path("mountPath").asText().equals(workdir + "/config");
        }
        assertTrue(configMounted, name(workload) + " mounts no config at " + workdir + "/config");

        // Every port the pods declare is exposed, with its protocol.
        Set<String> exposed = new TreeSet<>();
        for (String port : value(instructions, "EXPOSE").split("\\s+")) {
            exposed.add(port.contains("/") ? port : port + "/tcp");
        }
        for (JsonNode port : container.path("ports")) {
            String declared = port.path("containerPort").asInt() + "/" + port.path("protocol").asText("TCP").toLowerCase(Locale.ROOT);
            assertTrue(exposed.contains(declared), declared + " not exposed; EXPOSE " + exposed);
        }

        // The image's health is the chart's readiness probe: same port, same path.
        Matcher check = HEALTH_CHECK.matcher(value(instructions, "HEALTHCHECK"));
        assertTrue(check.find(), value(instructions, "HEALTHCHECK"));
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        assertEquals(containerPort(container, readiness.path("port")).orElseThrow().path("containerPort").asText(), check.group(1));
        assertEquals(readiness.path("path").asText(), check.group(2));
    }

    /** Instructions with their continuation lines joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " missing");
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String value(List<String> instructions, String keyword) {
        List<String> matching = instructions.stream().filter(line -> line.startsWith(keyword + " ")).toList();
        assertEquals(1, matching.size(), keyword + " instructions: " + matching);
        return matching.get(0).substring(keyword.length() + 1).trim();
    }
}
