package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The status page probes every instance of the lab, itself included, and does what users do through the edges,
 * the resolvers, the database and the orchestrators (the Helm chart renders the same keys).
 */
final class StatusPageWiring implements ModuleWiring {

    static final String FRONT_PAGE = "/kv?prefix=news/&limit=10";

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
        // Synthetic checks: what a reader and a writer of news.lab do.
        settings.put("status.checks.dns.resolvers", lab.dnsServers());
        List<Instance> edges = lab.instancesOf("cdn-edge");
        for (int i = 0; i < edges.size(); i++) {
            settings.put("status.checks.cdn.pops[" + i + "].name", edges.get(i).name());
            settings.put("status.checks.cdn.pops[" + i + "].url", lab.ports(edges.get(i)).appUrl());
        }
        // The front page of news.lab: the newest articles, listed from the database through the edge (the list
        // answers 200 even while it is empty, so the check needs no seeded data).
        settings.put("status.checks.cdn.path", FRONT_PAGE);
        List<Instance> dbNodes = lab.instancesOf("db-node");
        for (int i = 0; i < dbNodes.size(); i++) {
            settings.put("status.checks.database.nodes[" + i + "].name", dbNodes.get(i).name());
            settings.put("status.checks.database.nodes[" + i + "].url", lab.ports(dbNodes.get(i)).appUrl());
        }
        settings.put("status.checks.orchestration.urls", lab.instancesOf("orchestrator").stream()
                .map(o -> lab.ports(o).appUrl()).collect(Collectors.joining(",")));
    }
}
