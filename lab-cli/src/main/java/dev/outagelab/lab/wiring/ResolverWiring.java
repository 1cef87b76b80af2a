package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

/**
 * The four resolvers form one fleet: each knows every member's management URL (fleet health and zone sharing)
 * and reads the fleet policy from one shared file, which `lab` writes and drills rewrite.
 */
final class ResolverWiring implements ModuleWiring {

    /**
     * The lab's policy: the floor keeps three of four resolvers in service, which the fleet's load needs
     * (ceil(250 / 100) = 3). The maintenance rotation is off (rotation-period 0ms) so a fresh lab starts and
     * stays green; the AWS Seoul drill turns it on.
     */
    static final String FLEET_POLICY = """
            {"min-healthy-hosts": 3, "rotation-period": "0ms", "maintenance-duration": "1m",
             "max-removals-per-hour": 10, "peak-qps": 250, "host-qps": 100}
            """;

    /** How many records dns-resolver's packaged zone lists (dns.zone.records[0..5]); the lab's come after them. */
    static final int PACKAGED_RECORDS = 6;

    /** The name the edges ask for the origin's servers. */
    static final String ORIGIN_SRV = "_http._tcp.origin.news.lab.internal";

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("dns.fleet.peers", lab.namedManagementUrls("dns-resolver"));
        settings.put("dns.fleet.config-file", lab.paths().fleetPolicy());
        // Relative to the instance's working directory (.lab/data/<name>): accepted updates survive a restart.
        settings.put("dns.data-dir", "zone");
        addOriginServers(settings, lab);
    }

    /**
     * The news site's origin as SRV records, one per db-node: locally every name is 127.0.0.1 and only the port
     * tells the nodes apart, which an A record cannot say. Equal priority and weight spread the edges' reads over
     * every node; when one dies (a failover) the edges use the others. The records follow the packaged zone's.
     */
    private static void addOriginServers(InstanceSettings settings, LabLayout lab) {
        int index = PACKAGED_RECORDS;
        for (Instance db : lab.instancesOf("db-node")) {
            String key = "dns.zone.records[" + index++ + "]";
            settings.put(key + ".name", "_http._tcp.origin.news");
            settings.put(key + ".type", "SRV");
            settings.put(key + ".data", "10 10 " + lab.ports(db).app() + " " + db.name() + ".db");
            settings.put(key + ".ttl", "5s");
        }
    }
}
