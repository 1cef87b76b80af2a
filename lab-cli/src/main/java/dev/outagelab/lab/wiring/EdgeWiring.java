package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

/**
 * Each POP resolves the origin through the whole resolver fleet, by its SRV name: the records list every db-node
 * with its port (locally all are 127.0.0.1), so reads keep working when a node dies or a failover moves the primary.
 */
final class EdgeWiring implements ModuleWiring {

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("edge.dns.resolvers", lab.dnsServers());
        settings.put("edge.services.default-origin-srv", ResolverWiring.ORIGIN_SRV);
        // Relative to the instance's working directory (.lab/data/<name>): config versions survive a restart.
        settings.put("edge.data.dir", "edge-config");
    }
}
