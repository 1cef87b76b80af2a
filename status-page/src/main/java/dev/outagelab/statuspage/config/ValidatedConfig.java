package dev.outagelab.statuspage.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.RuleSettings;
import dev.outagelab.statuspage.core.Target;

/** {@link StatusConfig} after every rule was checked, in the types the probes use. */
public record ValidatedConfig(
        List<Target> targets,
        RuleSettings rules,
        List<InetSocketAddress> resolvers,
        String dnsName,
        List<Pop> pops,
        String cdnHost,
        String cdnPath,
        String primaryName,
        Map<String, URI> dbNodes,
        List<URI> orchestrators,
        Discovery discovery) {

    /** @param server null for the system's resolvers */
    public record Discovery(InetSocketAddress server, Duration interval, Duration forgetAfter,
            List<DiscoveredService> services) {
    }

    public record Pop(String name, URI url) {
    }
}
