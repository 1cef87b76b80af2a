package dev.outagelab.orchestrator.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.outagelab.kit.identity.Region;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every {@code orchestrator.*} setting; the module README lists them with their defaults. */
@ConfigMapping(prefix = "orchestrator")
public interface OrchestratorConfig {

    /** How often every db-node's status is polled. */
    @WithDefault("1s")
    Duration pollInterval();

    /** A poll that takes longer counts as unreachable; below the interval so rounds never pile up. */
    @WithDefault("800ms")
    Duration pollTimeout();

    /** The watched db-nodes, keyed by instance name ({@code orchestrator.db-nodes.db-node-east-0.admin-url=...}). */
    Map<String, DbNode> dbNodes();

    /** Db-nodes found in DNS, watched as well as {@link #dbNodes()} (Kubernetes: a headless Service's SRV records). */
    Discovery discovery();

    Analysis analysis();

    Recovery recovery();

    Raft raft();

    Dns dns();

    interface DbNode {
        Region region();

        /** Base URL of the node's management port, where /admin/db/* lives. */
        String adminUrl();

        /** The node's DNS name; defaults to {@code <name>.db.lab.internal.}. */
        Optional<String> dnsName();
    }

    interface Discovery {
        /**
         * The SRV name to resolve, e.g. {@code _management._tcp.db-node.outage-lab.svc.cluster.local.}; unset: only
         * the configured db-nodes.
         */
        Optional<String> srvName();

        /** How often the SRV name is resolved again (new pods); a failed lookup keeps what was found. */
        @WithDefault("30s")
        Duration interval();

        /** Resolvers to ask, {@code host:port}; unset: the system's (a pod's resolv.conf). */
        Optional<List<String>> servers();

        @WithDefault("2s")
        Duration timeout();

        /**
         * When set, a discovered node {@code <name>} is {@code <name>.<dns-domain>} in the lab zone, its CNAME target.
         * Unset (the default): the SRV record's own target, the pod's stable name, which the cluster's DNS already
         * resolves, so a db-node added by scaling can be promoted without a zone record of its own.
         */
        Optional<String> dnsDomain();

        /**
         * Removed from a pod's name to get the instance name: the chart names pods {@code <release>-db-node-east-0}
         * for the instance {@code db-node-east-0}. Unset (the default) keeps pod names as they are.
         */
        Optional<String> podNamePrefix();
    }

    interface Analysis {
        /**
         * A replica whose source has sent nothing (not even a heartbeat, sent every 500 ms) for this long has lost
         * it. Well above the heartbeat so a slow tick is not a lost primary.
         */
        @WithDefault("2s")
        Duration replicaLostSourceAfter();

        /** Replicas further behind than this count as lagging. */
        @WithDefault("10s")
        Duration lagThreshold();
    }

    interface Recovery {
        /** Run recoveries without a human; manual recover stays available when off. */
        @WithDefault("true")
        boolean automatic();

        /** GitHub's fix: abort a failover that finds no candidate in the dead primary's region. */
        @WithDefault("false")
        boolean preventCrossRegionFailover();

        /** Anti-flapping: after a recovery no automatic one runs on the cluster for this long (orchestrator: 1 h). */
        @WithDefault("1h")
        Duration recoveryBlock();

        /** Refuse a candidate whose last known lag is above this; 0s turns the check off. */
        @WithDefault("0s")
        Duration failPromotionOnLag();

        /** Bound on each promote/repoint call to a db-node. */
        @WithDefault("5s")
        Duration actionTimeout();

        /** A graceful takeover waits this long for the candidate to catch up with the read-only primary. */
        @WithDefault("10s")
        Duration takeoverCatchUpTimeout();
    }

    interface Raft {
        /** This node's id in {@link #peers()}. */
        String self();

        /** Every node of the group, this one included: {@code id=host:port,id=host:port,...}. */
        String peers();

        /**
         * Where Ratis keeps its log; it survives restarts, so a rejoining node knows past recoveries. Relative to the
         * working directory, which the local lab makes per instance (like db-node's {@code data}).
         */
        @WithDefault("data/raft")
        String storageDir();

        /** Lower bound of the randomised election timeout (the upper bound is twice this). */
        @WithDefault("1s")
        Duration electionTimeout();
    }

    interface Dns {
        /** Resolvers that take RFC 2136 updates, {@code host:port}; every one gets each update. */
        List<String> servers();

        @WithDefault("lab.internal.")
        String zone();

        /** The name clients write through; a CNAME to the primary's DNS name. */
        @WithDefault("primary.db.lab.internal.")
        String primaryName();

        @WithDefault("5s")
        Duration ttl();

        @WithDefault("orchestrator.lab.internal.")
        String tsigKeyName();

        /** Base64 HMAC-SHA256 secret shared with the resolvers (env DNS_TSIG_SECRET). */
        Optional<String> tsigSecret();

        @WithDefault("2s")
        Duration timeout();
    }
}
