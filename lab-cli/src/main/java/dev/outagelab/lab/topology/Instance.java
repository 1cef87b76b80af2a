package dev.outagelab.lab.topology;

import java.util.Optional;

/**
 * One process of the local lab.
 *
 * @param ordinal  position in the topology table; fixes the instance's app and management ports
 * @param name     instance name, unique in the lab (also its log file and data directory name)
 * @param module   Maven module whose packaged jar runs it; the status page calls this the component
 * @param region   site label: east, west or cloud
 * @param pop      CDN point of presence, only for cdn-edge instances
 * @param dnsIndex position among the resolvers (fixes the DNS port), only for dns-resolver instances
 */
public record Instance(int ordinal, String name, String module, String region, Optional<String> pop,
                       Optional<Integer> dnsIndex) {

    public boolean servesDns() {
        return dnsIndex.isPresent();
    }
}
