package dev.outagelab.helm;

import static dev.outagelab.helm.Manifests.podLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The images, built and started for real with Docker: every service's Dockerfile.jvm built on the local base
 * image ({@code k8s/images/base-image.sh}; no registry is reachable), tagged as the chart names them, and each
 * started the way the chart runs its first pod ({@link PodRun}: ci/minimal-values.yaml, one instance of each
 * component, read-only root, UID 185, no capabilities, the chart's limits, env and ConfigMaps) until
 * {@code /q/health/ready} on the management port answers 200 and Docker's own HEALTHCHECK says healthy.
 * Containers and the images this test created are removed afterwards, also on failure.
 * Skips (saying why) without a Docker daemon, without the base image, or before the services are packaged;
 * {@code .ci/run} provides all three.
 */
class ImagesIT {

    static final String BASE_IMAGE = System.getProperty("outage-lab.base-image", "outage-lab/base-jre:17");
    private static final List<String> COMPONENTS = List.of("cdn-edge", "db-node", "dns-resolver", "orchestrator", "status-page");
    /** The machine runs several builds at once; a JVM under a 0.5 CPU limit starts slowly there. */
    private static final Duration READY_DEADLINE = Duration.ofMinutes(4);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, PodRun> PODS = new LinkedHashMap<>();
    private static final List<String> CREATED_IMAGES = new ArrayList<>();
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static Path filesDir;

    @BeforeAll
    static void buildAndStart() throws IOException {
        Assumptions.assumeTrue(Docker.answers(), "no Docker daemon answers: images are not built (.ci/run starts one)");
        Assumptions.assumeTrue(Docker.imageExists(BASE_IMAGE),
                "no base image " + BASE_IMAGE + ": run k8s/images/base-image.sh (.ci/run does)");
        for (String component : COMPONENTS) {
            Path jar = Path.of("..", component, "target", "quarkus-app", "quarkus-run.jar");
            Assumptions.assumeTrue(Files.isRegularFile(jar),
                    jar + " missing: package the services first (the reactor's `mvn verify` does, before this module)");
        }

        Manifests render = Chart.render(Chart.ciValues("minimal-values.yaml"));
        for (String component : COMPONENTS) {
            JsonNode workload = render.workloads().stream()
                    .filter(candidate -> component.equals(podLabels(candidate).get("app.kubernetes.io/component")))
                    .findFirst().orElseThrow();
            PODS.put(component, PodRun.firstPod(render, workload));
        }

        // One build per image, all at once: they share the base layer and the daemon schedules them.
        List<CompletableFuture<Void>> builds = new ArrayList<>();
        for (var pod : PODS.entrySet()) {
            String image = pod.getValue().image();
            boolean existed = Docker.imageExists(image);
            synchronized (CREATED_IMAGES) {
                if (!existed) {
                    CREATED_IMAGES.add(image); // before the build, so a half-failed build is cleaned up too
                }
            }
            builds.add(CompletableFuture.runAsync(() -> Docker.run(List.of("build", "--quiet",
                    "--file", Path.of("..", pod.getKey(), "src", "main", "docker", "Dockerfile.jvm").toString(),
                    "--build-arg", "BASE_IMAGE=" + BASE_IMAGE,
                    "--tag", image,
                    Path.of("..", pod.getKey()).toString()), BUILD_TIMEOUT)));
        }
        CompletableFuture.allOf(builds.toArray(CompletableFuture[]::new)).join();

        filesDir = Files.createTempDirectory("outage-lab-images-");
        Files.setPosixFilePermissions(filesDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (var pod : PODS.entrySet()) {
            String name = "outage-lab-it-" + RUN_ID + "-" + pod.getKey();
            List<String> args = new ArrayList<>(List.of("run", "--label", "dev.outagelab.test=ImagesIT"));
            args.addAll(pod.getValue().dockerRunArgs(name, filesDir.resolve(pod.getKey())));
            CONTAINERS.add(name); // before run: a container created but failing to start still needs removing
            Docker.run(args, COMMAND_TIMEOUT);
        }
    }

    @AfterAll
    static void removeEverything() throws IOException {
        for (String container : CONTAINERS) {
            Docker.exec(List.of("rm", "--force", "--volumes", container), COMMAND_TIMEOUT);
        }
        for (String image : CREATED_IMAGES) {
            Docker.exec(List.of("rmi", "--force", image), COMMAND_TIMEOUT);
        }
        if (filesDir != null) {
            try (Stream<Path> files = Files.walk(filesDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void everyImageIsTaggedAsTheChartNamesIt() {
        for (var pod : PODS.entrySet()) {
            String image = pod.getValue().image();
            assertTrue(image.matches("outage-lab/" + pod.getKey() + ":\\S+"), image);
            assertTrue(Docker.imageExists(image), image + " was not built");
        }
    }

    @Test
    void everyContainerBecomesReadyAsTheChartRunsIt() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, String> lastSeen = new LinkedHashMap<>();
        Map<String, URI> pending = new LinkedHashMap<>();
        for (var pod : PODS.entrySet()) {
            pending.put(pod.getKey(), readiness(pod.getKey(), pod.getValue()));
        }
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (var it = pending.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                String state = Docker.run(List.of("inspect", "--format", "{{.State.Status}}", container(entry.getKey())), COMMAND_TIMEOUT);
                if (!state.equals("running")) {
                    fail(entry.getKey() + " is " + state + ":\n" + logs(entry.getKey()));
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(entry.getValue())
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                    lastSeen.put(entry.getKey(), response.statusCode() + " " + response.body());
                    if (response.statusCode() == 200) {
                        it.remove();
                    }
                } catch (IOException e) {
                    lastSeen.put(entry.getKey(), e.toString());
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(500); // between polls only; the deadline bounds the wait
            }
        }
        for (String component : pending.keySet()) {
            fail(component + " not ready within " + READY_DEADLINE + "; last answer " + lastSeen.get(component)
                    + "\n" + logs(component));
        }
    }

    @Test
    void eachImagesHealthCheckAgreesOnceReady() throws InterruptedException {
        everyContainerBecomesReadyAsTheChartRunsIt();
        // The Dockerfile's HEALTHCHECK (bash, /dev/tcp, every 5 s) asks the same endpoint inside the container.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> unhealthy = new ArrayList<>(PODS.keySet());
        while (!unhealthy.isEmpty() && Instant.now().isBefore(deadline)) {
            unhealthy.removeIf(component -> Docker.run(List.of("inspect", "--format", "{{.State.Health.Status}}",
                    container(component)), COMMAND_TIMEOUT).equals("healthy"));
            if (!unhealthy.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        assertEquals(List.of(), unhealthy, "Docker's HEALTHCHECK never passed");
    }

    @Test
    void containersRunAsTheChartsNonRootUserOnAReadOnlyRoot() {
        for (String component : PODS.keySet()) {
            String container = container(component);
            Docker.Result id = Docker.exec(List.of("exec", container, "id", "-u"), COMMAND_TIMEOUT);
            assertEquals("185", id.output().trim(), component + ": " + id);
            Docker.Result write = Docker.exec(List.of("exec", container, "bash", "-c", "echo x > /var/tmp/written"), COMMAND_TIMEOUT);
            assertFalse(write.exitCode() == 0, component + " could write to its root filesystem");
            assertTrue(write.output().contains("Read-only file system"), component + ": " + write.output());
        }
    }

    /** The zone the chart configures is the zone served: the chart's records replace every packaged one. */
    @Test
    void theResolverServesTheChartsZone() throws IOException, InterruptedException {
        everyContainerBecomesReadyAsTheChartRunsIt();
        PodRun resolver = PODS.get("dns-resolver");
        URI zoneUri = readiness("dns-resolver", resolver).resolve("/admin/dns/zone");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(zoneUri)
                .header("Authorization", "Bearer " + resolver.environmentVariable("LAB_ADMIN_TOKEN"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String zone = Chart.YAML.readTree(response.body()).path("zone").asText();
        assertFalse(zone.contains("127.0.0.1"), zone);
        String primary = PODS.get("db-node").stableName() + ".";
        assertTrue(zone.lines().anyMatch(line -> line.startsWith("primary.db.lab.internal.") && line.contains("CNAME") && line.endsWith(primary)),
                "primary.db is not a CNAME to " + primary + ":\n" + zone);
    }

    private static URI readiness(String component, PodRun pod) {
        String published = Docker.run(List.of("port", container(component), pod.managementPort() + "/tcp"), COMMAND_TIMEOUT);
        // "127.0.0.1:49153" (one line per address family; the test publishes on IPv4 loopback only).
        String address = published.lines().filter(line -> line.startsWith("127.0.0.1:")).findFirst()
                .orElseThrow(() -> new IllegalStateException(component + " publishes " + published));
        return URI.create("http://" + address + "/q/health/ready");
    }

    private static String container(String component) {
        return "outage-lab-it-" + RUN_ID + "-" + component;
    }

    private static String logs(String component) {
        try {
            return Docker.exec(List.of("logs", "--tail", "60", container(component)), COMMAND_TIMEOUT).output();
        } catch (UncheckedIOException e) {
            return "(no logs: " + e + ")";
        }
    }
}
