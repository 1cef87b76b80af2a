package dev.outagelab.helm;

import static dev.outagelab.helm.Manifests.onlyContainer;
import static dev.outagelab.helm.Manifests.podTemplate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/lab-k8s with --dry-run: the commands it would run must fit the chart (images and tags it
 * renders, its path, release and namespace) and the files of k8s/, and a dry run must run nothing.
 */
class KubernetesSetupTest {

    private static final Path REPO = Path.of("..");
    private static final Path SCRIPT = REPO.resolve("k8s/lab-k8s");
    private static final List<String> TOOLS = List.of("kind", "kubectl", "docker", "helm", "mvn");

    @Test
    void upBuildsAndLoadsExactlyTheImagesTheChartRuns(@TempDir Path fakes) throws Exception {
        List<List<String>> commands = dryRun(fakes, "up");

        Set<String> chartImages = new TreeSet<>();
        Chart.render(Chart.ciValues("default-values.yaml")).workloads()
                .forEach(workload -> chartImages.add(onlyContainer(podTemplate(workload).path("spec")).path("image").asText()));
        Set<String> built = new TreeSet<>();
        Set<String> loaded = new TreeSet<>();
        for (List<String> command : commands) {
            if (command.subList(0, 2).equals(List.of("docker", "build"))) {
                built.add(after(command, "-t"));
                Path dockerfile = REPO.resolve(after(command, "-f"));
                assertTrue(Files.isRegularFile(dockerfile), dockerfile + " does not exist");
                assertTrue(Files.isDirectory(REPO.resolve(command.get(command.size() - 1))), "build context " + command);
                assertTrue(after(command, "--build-arg").startsWith("BASE_IMAGE="), command::toString);
            }
            if (command.subList(0, 3).equals(List.of("kind", "load", "docker-image"))) {
                loaded.add(command.get(command.size() - 1));
            }
        }
        assertEquals(chartImages, built);
        assertEquals(chartImages, loaded);
    }

    @Test
    void upCreatesTheKindClusterOfK8sAndInstallsTheChartIntoTheRestrictedNamespace(@TempDir Path fakes) throws Exception {
        List<List<String>> commands = dryRun(fakes, "up");

        List<String> create = find(commands, "kind", "create", "cluster");
        assertEquals("k8s/kind-config.yaml", after(create, "--config"));
        JsonNode kindConfig = Chart.YAML.readTree(REPO.resolve("k8s/kind-config.yaml").toFile());
        assertEquals(kindConfig.path("name").asText(), after(create, "--name"));
        assertTrue(kindConfig.path("networking").path("disableDefaultCNI").asBoolean(), "kindnet would not enforce the policies");

        List<String> install = find(commands, "helm");
        assertEquals(List.of("upgrade", "--install", Chart.RELEASE, "helm/outage-lab"), install.subList(3, 7));
        assertTrue(Files.isRegularFile(REPO.resolve("helm/outage-lab/Chart.yaml")));
        assertEquals(Chart.NAMESPACE, after(install, "--namespace"));
        assertTrue(install.contains("--wait"), install::toString);
        assertTrue(install.contains("--timeout"), "--wait without a timeout");

        List<String> namespace = commands.stream().filter(command -> command.contains("k8s/namespace.yaml")).findFirst().orElseThrow();
        assertTrue(commands.indexOf(namespace) < commands.indexOf(install), "namespace before the chart");
        JsonNode namespaceObject = Chart.YAML.readTree(REPO.resolve("k8s/namespace.yaml").toFile());
        assertEquals(Chart.NAMESPACE, namespaceObject.path("metadata").path("name").asText());
        assertEquals("restricted", namespaceObject.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText());

        String context = "kind-" + after(create, "--name");
        for (List<String> command : commands) {
            if (command.get(0).equals("kubectl")) {
                assertEquals(context, after(command, "--context"), command::toString);
            }
            if (command.get(0).equals("helm")) {
                assertEquals(context, after(command, "--kube-context"), command::toString);
            }
        }
    }

    @Test
    void downDeletesTheSameKindCluster(@TempDir Path fakes) throws Exception {
        List<String> create = find(dryRun(fakes.resolve("up"), "up"), "kind", "create", "cluster");
        List<List<String>> down = dryRun(fakes.resolve("down"), "down");

        assertEquals(1, down.size(), down::toString);
        assertEquals(List.of("kind", "delete", "cluster", "--name", after(create, "--name")), down.get(0));
    }

    @Test
    void anUnknownCommandPrintsUsageAndFails(@TempDir Path fakes) throws Exception {
        Result result = run(fakes, "sideways");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("usage"), result.stderr());
    }

    /** Runs the script with fake tools first on the PATH; each would leave a mark if a dry run called it. */
    private static List<List<String>> dryRun(Path fakes, String command) throws Exception {
        Result result = run(fakes, command, "--dry-run");
        assertEquals(0, result.exitCode(), result.stderr());
        try (var marks = Files.list(fakes)) {
            assertEquals(List.of(), marks.filter(file -> file.toString().endsWith(".ran")).toList(), "a dry run ran a tool");
        }
        List<List<String>> commands = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("+ ")) {
                commands.add(List.of(line.substring(2).split(" ")));
            }
        }
        assertFalse(commands.isEmpty(), result.stdout());
        return commands;
    }

    private static Result run(Path fakes, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(fakes);
        for (String tool : TOOLS) {
            Path fake = fakes.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\ntouch \"" + fakes.resolve(tool + ".ran").toAbsolutePath() + "\"\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(fakes.resolve("stdout").toFile())
                .redirectError(fakes.resolve("stderr").toFile());
        builder.environment().put("PATH", fakes.toAbsolutePath() + ":" + System.getenv("PATH"));
        builder.environment().remove("BASE_IMAGE");
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lab-k8s did not finish");
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(fakes.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(fakes.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private static List<String> find(List<List<String>> commands, String... start) {
        return commands.stream().filter(command -> command.size() >= start.length && command.subList(0, start.length).equals(List.of(start)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + String.join(" ", start) + " in " + commands));
    }

    private static String after(List<String> command, String option) {
        int index = command.indexOf(option);
        assertTrue(index >= 0 && index + 1 < command.size(), option + " missing in " + command);
        return command.get(index + 1);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
