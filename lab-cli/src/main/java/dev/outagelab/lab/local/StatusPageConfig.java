package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The status page's probe targets for the local lab (the Helm chart renders the same keys into a ConfigMap). */
public final class StatusPageConfig {

    private StatusPageConfig() {
    }

    public static String render(Topology topology, int portOffset) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by `lab supervise`; regenerated on every start.\n");
        sb.append("status.probe.interval=1s\n");
        sb.append("status.probe.timeout=800ms\n");
        List<Instance> instances = topology.instances();
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            String prefix = "status.targets[" + i + "].";
            sb.append(prefix).append("name=").append(instance.name()).append('\n');
            sb.append(prefix).append("component=").append(instance.module()).append('\n');
            sb.append(prefix).append("region=").append(instance.region()).append('\n');
            sb.append(prefix).append("health-url=").append(Ports.of(instance, portOffset).readinessUrl()).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, Topology topology, int portOffset) throws IOException {
        StateFiles.writeBytes(file, render(topology, portOffset).getBytes(StandardCharsets.UTF_8));
    }
}
