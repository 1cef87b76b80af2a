package dev.outagelab.lab;

import dev.outagelab.lab.http.Probe;
import dev.outagelab.lab.local.InstanceLauncher;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.LabSecrets;
import dev.outagelab.lab.local.LaunchSpec;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import dev.outagelab.lab.wiring.LabLayout;
import dev.outagelab.lab.wiring.LabWiring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every service, started from its packaged jar exactly as the lab starts it, honours the admin token and
 * the "crash" fault: the drills rely on both.
 */
class ServiceCrashIT {

    private static final String TOKEN = "service-crash-it-token";

    private static final String TSIG_SECRET = "c2VjcmV0LXRzaWcta2V5LWZvci10aGUtY3Jhc2gtdGVzdA==";
    private static final String CRASH = "{\"type\":\"crash\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest
    @ValueSource(strings = {"cdn-edge", "dns-resolver", "db-node", "orchestrator", "status-page"})
    void crashFaultEndsTheProcessButOnlyWithTheToken(String module) throws Exception {
        Instance instance = Topology.standard().instances().stream()
                .filter(i -> i.module().equals(module)).findFirst().orElseThrow();
        Path dir = Files.createTempDirectory("lab-crash-" + module + "-");
        int offset = LabTestSupport.freePortOffset();
        Ports ports = Ports.of(instance, offset);
        Path log = dir.resolve("logs").resolve(instance.name() + ".log");
        LabPaths paths = new LabPaths(LabTestSupport.root(), dir);
        // The settings the lab would give it: a service must start with them even when its peers are absent.
        LabWiring.writeAll(new LabLayout(Topology.standard(), offset, paths));
        Process process = InstanceLauncher.start(new LaunchSpec(instance, ports, paths.serviceJar(module), dir,
                dir.resolve("data"), log, new LabSecrets(TOKEN, TSIG_SECRET),
                Optional.of(paths.instanceConfig(instance.name()))));
        try {
            awaitReady(process, ports, log);
            String faults = ports.managementUrl() + "/admin/faults";

            assertEquals(401, post(faults, Optional.empty()).statusCode());
            assertEquals(401, post(faults, Optional.of("Bearer wrong-" + TOKEN)).statusCode());
            assertTrue(process.isAlive(), "a rejected crash request must not end the process");

            try {
                post(faults, Optional.of("Bearer " + TOKEN));
            } catch (IOException connectionDroppedByTheExit) {
                // the process may die before it answers
            }
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), module + " still alive 20s after the crash fault");
            assertNotEquals(0, process.exitValue(), "a crash is not a clean exit");
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            LabTestSupport.deleteRecursively(dir);
        }
    }

    private void awaitReady(Process process, Ports ports, Path log) {
        Probe probe = new Probe();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!probe.isOk(ports.readinessUrl())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail((process.isAlive() ? "not ready in time" : "exited with " + process.exitValue())
                        + "; log:\n" + readQuietly(log));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private HttpResponse<String> post(String url, Optional<String> authorization) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CRASH));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
