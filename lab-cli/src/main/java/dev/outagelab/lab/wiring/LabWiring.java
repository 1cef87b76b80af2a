package dev.outagelab.lab.wiring;

import dev.outagelab.lab.local.StateFiles;
import dev.outagelab.lab.topology.Instance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * Renders each instance's settings file for the local lab: the addresses of the instances it talks to, and its
 * starting role. The Helm chart renders the same keys into ConfigMaps for Kubernetes.
 */
public final class LabWiring {

    private static final Map<String, ModuleWiring> MODULES = Map.of(
            "status-page", new StatusPageWiring(),
            "db-node", new DbNodeWiring(),
            "dns-resolver", new ResolverWiring(),
            "cdn-edge", new EdgeWiring(),
            "orchestrator", new OrchestratorWiring());

    private LabWiring() {
    }

    public static InstanceSettings settingsFor(Instance instance, LabLayout lab) {
        InstanceSettings settings = new InstanceSettings()
                .comment("Written by `lab supervise` for " + instance.name() + "; regenerated on every start.");
        ModuleWiring wiring = MODULES.get(instance.module());
        if (wiring != null) {
            wiring.addTo(settings, instance, lab);
        }
        return settings;
    }

    /** Writes every instance's file and the resolvers' fleet policy, before any instance starts. */
    public static void writeAll(LabLayout lab) throws IOException {
        Files.createDirectories(lab.paths().configDir());
        StateFiles.writeBytes(lab.paths().fleetPolicy(), ResolverWiring.FLEET_POLICY.getBytes(StandardCharsets.UTF_8));
        for (Instance instance : lab.topology().instances()) {
            StateFiles.writeBytes(lab.paths().instanceConfig(instance.name()),
                    settingsFor(instance, lab).render().getBytes(StandardCharsets.UTF_8));
        }
    }
}
