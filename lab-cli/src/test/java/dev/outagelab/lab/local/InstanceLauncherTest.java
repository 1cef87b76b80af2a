package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceLauncherTest {

    private static final Path STATE = Paths.get("/tmp/lab-state");
    private final Topology topology = Topology.standard();

    private List<String> commandFor(String name, Optional<Path> config) {
        Instance instance = topology.find(name).orElseThrow();
        return InstanceLauncher.command(new LaunchSpec(instance, Ports.of(instance, 10), Paths.get("/repo/x.jar"),
                STATE, STATE.resolve("data").resolve(name), STATE.resolve("logs").resolve(name + ".log"),
                new LabSecrets("s3cret-token", "dHNpZw=="), config));
    }

    @Test
    void passesIdentityPortsAndTheStateDirMarker() {
        List<String> cmd = commandFor("cdn-edge-itm", Optional.empty());
        assertTrue(cmd.containsAll(List.of("-Dlab.instance.name=cdn-edge-itm", "-Dlab.instance.region=west",
                "-Dlab.instance.pop=itm", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=8092",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=9012",
                "-Dlab.state-dir=/tmp/lab-state")), cmd.toString());
        assertEquals(List.of("-jar", "/repo/x.jar"), cmd.subList(cmd.size() - 2, cmd.size()));
        assertTrue(cmd.containsAll(JvmFlags.INSTANCE));
    }

    @Test
    void neverPutsTheTokenOnTheCommandLine() {
        assertFalse(String.join(" ", commandFor("db-node-east-0", Optional.empty())).contains("s3cret-token"));
    }

    @Test
    void onlyResolversGetADnsPortAndOnlyEdgesAPop() {
        assertTrue(commandFor("dns-resolver-1", Optional.empty()).contains("-Ddns.port=15364"));
        assertTrue(commandFor("db-node-east-0", Optional.empty()).stream().noneMatch(a -> a.startsWith("-Ddns.port")));
        assertTrue(commandFor("db-node-east-0", Optional.empty()).stream()
                .noneMatch(a -> a.startsWith("-Dlab.instance.pop")));
    }

    @Test
    void passesTheInstanceSettingsFile() {
        List<String> cmd = commandFor("status-page", Optional.of(Paths.get("/tmp/lab-state/config/status-page.properties")));
        assertTrue(cmd.contains("-Dquarkus.config.locations=file:/tmp/lab-state/config/status-page.properties"));
    }
}
