package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

/**
 * Each POP resolves the origin through the whole resolver fleet. Locally every name is 127.0.0.1, so the port
 * picks the origin: db-node-east-0, the first primary (any node serves reads).
 */
final class EdgeWiring implements ModuleWiring {

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("edge.dns.resolvers", lab.dnsServers());
        settings.put("edge.services.default-origin-port",
                lab.ports(lab.instance(DbNodeWiring.FIRST_PRIMARY)).app());
    }
}
