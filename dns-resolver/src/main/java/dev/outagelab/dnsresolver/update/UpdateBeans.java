package dev.outagelab.dnsresolver.update;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;
import dev.outagelab.dnsresolver.fleet.FleetBeans;
import dev.outagelab.dnsresolver.zone.ZoneStore;
import dev.outagelab.kit.admin.AdminConfig;
import dev.outagelab.kit.identity.Instance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Wires the update path from dns.tsig.* and dns.updates.*; a missing or bad key fails start-up naming it. */
public class UpdateBeans {

    @Produces
    @Singleton
    UpdateAudit audit(DnsConfig config) {
        return new UpdateAudit(config.updates().auditSize());
    }

    @Produces
    @Singleton
    ZoneUpdater updater(ZoneStore store) {
        return new ZoneUpdater(store);
    }

    @Produces
    @Singleton
    ZoneReplicator replicator(DnsConfig config, ZoneStore store, ZoneUpdater updater, Instance instance,
            AdminConfig admin) {
        Map<String, URI> peers = new LinkedHashMap<>(FleetBeans.parsePeers(config.fleet().peers().orElse(List.of()),
                instance.name()));
        peers.remove(instance.name());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.fleet().peerTimeout()).build();
        return new ZoneReplicator(store, updater, config.dataDir(), peers, admin.token(), config.fleet().peerTimeout(),
                http);
    }

    @Produces
    @Singleton
    UpdateHandler handler(DnsConfig config, ZoneStore store, UpdateAudit audit, ZoneUpdater updater,
            ZoneReplicator replicator) {
        DnsConfig.Tsig tsig = config.tsig();
        var key = config.updates().enabled()
                ? TsigKeys.build(tsig.keyName(), tsig.secret(), tsig.algorithm())
                : null;
        return new UpdateHandler(key, updater, store.current().getOrigin(), audit, Clock.systemUTC(), replicator);
    }

    /** Before DNS answers anything: the journaled zone, then any newer zone a peer has; then keep catching up. */
    void onStart(@Observes @Priority(1) StartupEvent event, ZoneReplicator replicator, DnsConfig config) {
        replicator.recover();
        replicator.start(config.fleet().tickInterval());
    }

    void onStop(@Observes ShutdownEvent event, ZoneReplicator replicator) {
        replicator.stop();
    }
}
