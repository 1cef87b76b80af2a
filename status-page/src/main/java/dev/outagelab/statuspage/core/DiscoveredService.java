package dev.outagelab.statuspage.core;

/**
 * A DNS name whose records are the instances of one module: SRV records (each names a host and its port), or,
 * with a port, A records.
 *
 * @param name absolute, with the trailing dot
 * @param port the readiness port for A records; null for SRV
 */
public record DiscoveredService(String component, String name, Integer port, String path) {

    public boolean srv() {
        return port == null;
    }
}
