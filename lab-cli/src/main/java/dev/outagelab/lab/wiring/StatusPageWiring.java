package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

import java.util.List;

/** The status page probes every instance of the lab, itself included (the Helm chart renders the same keys). */
final class StatusPageWiring implements ModuleWiring {

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("status.probe.interval", "1s");
        settings.put("status.probe.timeout", "800ms");
        List<Instance> instances = lab.topology().instances();
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            String prefix = "status.targets[" + i + "].";
            settings.put(prefix + "name", instance.name());
            settings.put(prefix + "component", instance.module());
            settings.put(prefix + "region", instance.region());
            settings.put(prefix + "health-url", lab.ports(instance).readinessUrl());
        }
    }
}
