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

    @Override
    public void addTo(InstanceSettings settings, Instance self, LabLayout lab) {
        settings.put("dns.fleet.peers", lab.namedManagementUrls("dns-resolver"));
        settings.put("dns.fleet.config-file", lab.paths().fleetPolicy());
        // Relative to the instance's working directory (.lab/data/<name>): accepted updates survive a restart.
        settings.put("dns.data-dir", "zone");
    }
}
