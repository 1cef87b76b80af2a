package dev.outagelab.cdnedge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the edge under test needs before it starts: a DNS server to resolve origins through, and an empty services
 * file directory (a file left by an earlier run would otherwise be loaded at start-up).
 */
public class EdgeTestEnvironment implements QuarkusTestResourceLifecycleManager {

    /** Must match %test.edge.services.file in application.properties. */
    public static final Path SERVICES_FILE = Path.of("target/test-services/services.json");

    private static TestDns dns;

    public static TestDns dns() {
        return dns;
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(SERVICES_FILE.getParent());
            Files.deleteIfExists(SERVICES_FILE);
            dns = new TestDns();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("edge.dns.resolvers", dns.address());
    }

    @Override
    public void stop() {
        try {
            dns.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
