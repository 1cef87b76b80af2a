package dev.outagelab.dnsresolver.zone;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;

/** Builds the served zone from configuration once; a bad record fails start-up naming its key. */
public class ZoneBeans {

    @Produces
    @Singleton
    ZoneStore zoneStore(DnsConfig config) {
        DnsConfig.Zone zone = config.zone();
        Duration ttl = zone.ttl();
        var specs = zone.records().stream()
                .map(e -> new RecordSpec(e.name(), e.type(), e.data(), e.ttl()))
                .toList();
        return new ZoneStore(ZoneFactory.build(new ZoneSettings(zone.origin(), ttl, zone.nameserver(),
                zone.hostmaster(), specs, "dns.zone")));
    }

    @Produces
    @Singleton
    Authority authority(ZoneStore store) {
        return new Authority(store);
    }
}
