package dev.outagelab.statuspage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Starts fake targets and points the status page at them, fast (200ms rounds, 150ms timeout):
 * <pre>
 * db-node:      db-node-healthy (200, east), db-node-broken (503, west)  -> Database writes/reads major_outage
 *               (1 of 2 down reaches the default major-down-fraction 0.5)
 * dns-resolver: dns-resolver-hung (never answers), dns-resolver-gone (port closed) -> DNS resolution major_outage
 * orchestrator: orchestrator-flapping (test-controlled via fake.orchestrator-flapping.url) -> Orchestration
 * no status-page target: the Status page component is this process (operational)
 * incidents resolve after 1s of quiet.
 * </pre>
 * Global scope: every {@code @QuarkusTest} in the module, the kit's contract test included, runs
 * against one application started once with these targets.
 */
@WithTestResource(value = FakeTargetsResource.class, scope = TestResourceScope.GLOBAL)
public class FakeTargetsResource implements QuarkusTestResourceLifecycleManager {

    private final List<FakeTarget> fakes = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config = new HashMap<>();
            config.put("status.probe.interval", "200ms");
            config.put("status.probe.timeout", "150ms");
            config.put("status.incidents.quiet-period", "1s");
            // Every run starts from an empty history of its own.
            Path target = Path.of("target");
            Files.createDirectories(target);
            config.put("status.data-dir", Files.createTempDirectory(target, "status-data-").toString());
            addFake(config, 0, "db-node-healthy", "db-node", "east", 200);
            addFake(config, 1, "db-node-broken", "db-node", "west", 503);
            addFake(config, 2, "dns-resolver-hung", "dns-resolver", "cloud", FakeTarget.HANG);
            addTarget(config, 3, "dns-resolver-gone", "dns-resolver", "east",
                    "http://127.0.0.1:" + closedPort() + "/q/health/ready");
            addFake(config, 4, "orchestrator-flapping", "orchestrator", "west", 200);
            return config;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    private void addFake(Map<String, String> config, int index, String name, String component, String region,
            int code) throws IOException {
        FakeTarget fake = new FakeTarget(code);
        fakes.add(fake);
        addTarget(config, index, name, component, region, fake.healthUrl());
        config.put("fake." + name + ".url", fake.baseUrl());
    }

    private static void addTarget(Map<String, String> config, int index, String name, String component,
            String region, String url) {
        String key = "status.targets[" + index + "]";
        config.put(key + ".name", name);
        config.put(key + ".component", component);
        config.put(key + ".region", region);
        config.put(key + ".health-url", url);
    }

    /** A loopback port nobody listens on, so connecting is refused at once. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        fakes.forEach(FakeTarget::close);
        fakes.clear();
    }
}
