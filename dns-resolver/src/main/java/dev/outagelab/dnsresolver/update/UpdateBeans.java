package dev.outagelab.dnsresolver.update;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;
import dev.outagelab.dnsresolver.zone.ZoneStore;

/** Wires the update path from dns.tsig.* and dns.updates.*; a missing or bad key fails start-up naming it. */
public class UpdateBeans {

    @Produces
    @Singleton
    UpdateAudit audit(DnsConfig config) {
        return new UpdateAudit(config.updates().auditSize());
    }

    @Produces
    @Singleton
    UpdateHandler handler(DnsConfig config, ZoneStore store, UpdateAudit audit) {
        DnsConfig.Tsig tsig = config.tsig();
        var key = config.updates().enabled()
                ? TsigKeys.build(tsig.keyName(), tsig.secret(), tsig.algorithm())
                : null;
        return new UpdateHandler(key, new ZoneUpdater(store), store.current().getOrigin(), audit, Clock.systemUTC());
    }
}
