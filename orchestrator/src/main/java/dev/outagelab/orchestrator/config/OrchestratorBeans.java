package dev.outagelab.orchestrator.config;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import dev.outagelab.kit.admin.AdminConfig;
import dev.outagelab.kit.identity.Instance;
import dev.outagelab.orchestrator.analysis.Analyzer;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.raft.RaftNode;
import dev.outagelab.orchestrator.raft.RaftSettings;
import dev.outagelab.orchestrator.recovery.DnsUpdater;
import dev.outagelab.orchestrator.recovery.Recoverer;
import dev.outagelab.orchestrator.recovery.RecoverySettings;
import dev.outagelab.orchestrator.topology.DbNodeClient;
import dev.outagelab.orchestrator.topology.DbNodeTarget;
import dev.outagelab.orchestrator.topology.DnsDiscovery;
import dev.outagelab.orchestrator.topology.TopologyPoller;

/**
 * Builds the plain-Java parts from {@code orchestrator.*}. Each constructor checks its settings and throws with
 * the key's name, so bad config stops start-up with one clear message.
 */
@Singleton
public class OrchestratorBeans {

    /** Enough for hours of a lab's drills; the process log keeps everything. */
    private static final int AUDIT_CAPACITY = 2000;

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    DbNodeClient dbNodeClient(AdminConfig admin, OrchestratorConfig config) {
        return new DbNodeClient(admin.token(), config.pollTimeout());
    }

    @Produces
    @Singleton
    TopologyPoller poller(OrchestratorConfig config, DbNodeClient client, Clock clock) {
        if (config.pollTimeout().compareTo(config.pollInterval()) > 0) {
            throw new IllegalArgumentException("orchestrator.poll-timeout: " + config.pollTimeout()
                    + " is longer than orchestrator.poll-interval " + config.pollInterval());
        }
        List<DbNodeTarget> targets = new ArrayList<>();
        for (Map.Entry<String, OrchestratorConfig.DbNode> e : config.dbNodes().entrySet()) {
            String name = e.getKey();
            OrchestratorConfig.DbNode node = e.getValue();
            if (!node.adminUrl().matches("https?://[^/\\s]+/?")) {
                throw new IllegalArgumentException("orchestrator.db-nodes." + name + ".admin-url: '"
                        + node.adminUrl() + "' is not a base URL like http://127.0.0.1:9007");
            }
            targets.add(new DbNodeTarget(name, node.region().name(), node.adminUrl(),
                    node.dnsName().orElse(name + ".db.lab.internal.")));
        }
        if (targets.isEmpty() && config.discovery().srvName().isEmpty()) {
            throw new IllegalArgumentException("orchestrator.db-nodes: no db-node configured"
                    + " (and no orchestrator.discovery.srv-name to find them in DNS)");
        }
        return new TopologyPoller(targets, client, config.pollInterval(), config.pollTimeout(), clock);
    }

    /** Empty unless orchestrator.discovery.srv-name is set. */
    @Produces
    @Singleton
    Optional<DnsDiscovery> discovery(OrchestratorConfig config) {
        OrchestratorConfig.Discovery d = config.discovery();
        if (d.srvName().isEmpty()) {
            return Optional.empty();
        }
        if (d.interval().isNegative() || d.interval().isZero()) {
            throw new IllegalArgumentException("orchestrator.discovery.interval: must be positive, not " + d.interval());
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : d.servers().orElse(List.of())) {
            servers.add(address(server, "orchestrator.discovery.servers"));
        }
        return Optional.of(new DnsDiscovery(name(d.srvName().get(), "orchestrator.discovery.srv-name"), servers,
                d.timeout(), d.dnsDomain(), d.podNamePrefix().orElse(""), d.interval()));
    }

    @Produces
    @Singleton
    Analyzer analyzer(OrchestratorConfig config) {
        return new Analyzer(config.analysis().replicaLostSourceAfter(), config.analysis().lagThreshold());
    }

    @Produces
    @Singleton
    RaftNode raft(OrchestratorConfig config) {
        OrchestratorConfig.Raft raft = config.raft();
        return new RaftNode(RaftSettings.parse(raft.self(), raft.peers(), raft.storageDir(), raft.electionTimeout()));
    }

    @Produces
    @Singleton
    AuditLog audit(Instance instance, Clock clock) {
        return new AuditLog(instance.name(), AUDIT_CAPACITY, clock);
    }

    @Produces
    @Singleton
    DnsUpdater dns(OrchestratorConfig config) {
        OrchestratorConfig.Dns dns = config.dns();
        List<InetSocketAddress> servers = dns.servers().stream().map(DnsUpdater::server).toList();
        return new DnsUpdater(servers, name(dns.zone(), "orchestrator.dns.zone"),
                name(dns.primaryName(), "orchestrator.dns.primary-name"), dns.ttl(),
                DnsUpdater.key(dns.tsigKeyName(), dns.tsigSecret().orElse("")), dns.timeout());
    }

    @Produces
    @Singleton
    Recoverer recoverer(Instance instance, DbNodeClient client, DnsUpdater dns, RaftNode raft, AuditLog audit,
                        OrchestratorConfig config, Clock clock) {
        OrchestratorConfig.Recovery r = config.recovery();
        return new Recoverer(instance.name(), client, dns, raft, raft, audit,
                new RecoverySettings(r.automatic(), r.preventCrossRegionFailover(), r.recoveryBlock(),
                        r.failPromotionOnLag(), r.actionTimeout(), r.takeoverCatchUpTimeout()), clock);
    }

    /** {@code host:port}, for the settings that list DNS servers. */
    static InetSocketAddress address(String text, String key) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon > 0) {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port > 0 && port < 65536) {
                    return new InetSocketAddress(text.substring(0, colon), port);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is not host:port");
    }

    private static Name name(String text, String key) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a DNS name");
        }
    }
}
