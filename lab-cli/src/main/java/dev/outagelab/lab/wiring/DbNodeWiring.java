package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

/**
 * db-node-east-0 starts as the primary and the other nodes as its replicas. These settings only shape a node's
 * first start: after that its role file wins, so a promotion survives a restart of the lab.
 */
final class DbNodeWiring implements ModuleWiring {

    static final String FIRST_PRIMARY = "db-node-east-0";

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("db.advertise-url", lab.ports(self).appUrl());
        // Semi-sync, as GitHub ran MySQL: a write is acknowledged once a replica has it, or after 1 s without one
        // (the fallback to async is what lets a cut-off primary keep taking the writes the ledger shows later).
        settings.put("db.semi-sync.enabled", true);
        settings.put("db.semi-sync.timeout", "1s");
        if (self.name().equals(FIRST_PRIMARY)) {
            settings.put("db.role", "primary");
        } else {
            settings.put("db.role", "replica");
            settings.put("db.source", lab.ports(lab.instance(FIRST_PRIMARY)).appUrl());
        }
    }
}
