package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

import java.util.stream.Collectors;

/** The three orchestrators: their Raft peers, the db-nodes they watch, and every resolver they update. */
final class OrchestratorWiring implements ModuleWiring {

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("orchestrator.raft.self", self.name());
        settings.put("orchestrator.raft.peers", lab.instancesOf("orchestrator").stream()
                .map(o -> o.name() + "=127.0.0.1:" + lab.ports(o).raft().orElseThrow())
                .collect(Collectors.joining(",")));
        for (Instance db : lab.instancesOf("db-node")) {
            String prefix = "orchestrator.db-nodes." + db.name() + ".";
            settings.put(prefix + "region", db.region());
            settings.put(prefix + "admin-url", lab.ports(db).managementUrl());
        }
        settings.put("orchestrator.dns.servers", lab.dnsServers());
    }
}
