package dev.outagelab.dnsresolver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the DNS side of the service reads from configuration; the zone's records come from here. */
@ConfigMapping(prefix = "dns")
public interface DnsConfig {

    /** UDP and TCP port; 5353 so the service runs unprivileged (the Kubernetes Service maps 53 to it). */
    @WithDefault("5353")
    int port();

    /** Address both sockets bind; application.properties follows quarkus.http.host so the lab stays on loopback. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /**
     * Where accepted updates are journaled (the whole updated zone, fsync'd before the NOERROR) and restored from at
     * start; without it updates live in memory and on the peers only.
     */
    Optional<Path> dataDir();

    Zone zone();

    Tcp tcp();

    Udp udp();

    Capacity capacity();

    Tsig tsig();

    Updates updates();

    Fleet fleet();

    Forward forward();

    interface Zone {
        @WithDefault("lab.internal.")
        String origin();

        /** TTL of records that give none, of SOA and NS, and the negative-caching TTL in the SOA. */
        @WithDefault("30s")
        Duration ttl();

        /** The name server the SOA and NS records name, relative to the origin unless it ends with a dot. */
        @WithDefault("ns1")
        String nameserver();

        /** The SOA's responsible mailbox, in DNS form (hostmaster.lab.internal. is hostmaster@lab.internal). */
        @WithDefault("hostmaster")
        String hostmaster();

        List<Entry> records();
    }

    /** One record: names are relative to the origin unless they end with a dot; data is in zone-file syntax. */
    interface Entry {
        String name();

        String type();

        String data();

        Optional<Duration> ttl();
    }

    interface Udp {
        /** Threads receiving and answering on the one UDP socket; 0 = one per available processor (at least 2). */
        @WithDefault("0")
        int threads();

        /** SO_RCVBUF in bytes: room for bursts while every thread is busy (capped by net.core.rmem_max); 0 = OS. */
        @WithDefault("4194304")
        int receiveBuffer();
    }

    interface Tcp {
        /** A client that sends nothing for this long is disconnected, so idle clients cannot hold slots. */
        @WithDefault("10s")
        Duration idleTimeout();

        /** Connections beyond this are closed at once; they would otherwise each hold a thread. */
        @WithDefault("128")
        int maxConnections();
    }

    /**
     * How much one instance takes on before it sheds queries with SERVFAIL. The defaults are far above what the lab's
     * clients send, so only a test or a scenario that sets them lower ever sees shedding.
     */
    interface Capacity {
        /** Queries received but not yet answered (latency faults hold theirs while they wait); 0 = unlimited. */
        @WithDefault("256")
        int maxConcurrent();

        /** Queries admitted per second, with a burst of one second's worth; 0 = unlimited. */
        @WithDefault("0")
        int qps();
    }

    /** The one key that may sign dynamic updates (RFC 2136 with RFC 8945 TSIG); the orchestrator holds the same. */
    interface Tsig {
        @WithDefault("orchestrator.lab.internal.")
        String keyName();

        /** Base64. No default: outside dev and test it comes from the environment (DNS_TSIG_SECRET), never a file. */
        Optional<String> secret();

        /** Only hmac-sha256 is accepted: weaker HMACs are deprecated (RFC 8945) and one algorithm is one less to test. */
        @WithDefault("hmac-sha256")
        String algorithm();
    }

    interface Updates {
        /** Off: UPDATE is answered NOTIMP, as before updates existed, and no secret is needed. */
        @WithDefault("true")
        boolean enabled();

        /** How many accepted and refused updates GET /admin/dns/updates keeps, newest last. */
        @WithDefault("100")
        int auditSize();
    }

    /** Fleet health: who the members are and where the run-time fleet policy comes from (see FleetConfig). */
    interface Fleet {
        /**
         * Every member, this one included, as {@code name=management-URL} (e.g.
         * {@code dns-resolver-1=http://127.0.0.1:9001}); names are {@code lab.instance.name}s. Empty: a fleet of one.
         */
        Optional<List<String>> peers();

        /** A JSON fleet config re-read every round (a Kubernetes ConfigMap); without it the policy is built in. */
        Optional<Path> configFile();

        /**
         * Semantic validation of fleet configs, AWS's first fix after Seoul: the floor must be given and cover the
         * load. Off replays the incident: a config without the floor is accepted and falls back to 1.
         */
        @WithDefault("true")
        boolean validate();

        /** How often each member polls its peers and, if it is the manager, acts. */
        @WithDefault("2s")
        Duration tickInterval();

        /** How long one request to a peer may take before it counts as unreachable. */
        @WithDefault("1s")
        Duration peerTimeout();
    }

    /** Names outside the zone go to these upstreams, through a cache; without upstreams they are REFUSED. */
    interface Forward {
        /** {@code host:port} list, tried in order; empty: no forwarding. */
        Optional<List<String>> upstreams();

        /** How long one upstream may take before the next is tried (and, past the last, the query fails). */
        @WithDefault("2s")
        Duration timeout();

        /** Answers kept at most; the least recently used go first. */
        @WithDefault("10000")
        int cacheSize();

        /** Upper bound on any cached TTL, positive answers included. */
        @WithDefault("1d")
        Duration maxTtl();

        /** Upper bound on negative caching (RFC 2308 section 5 suggests at most 3 hours). */
        @WithDefault("3h")
        Duration maxNegativeTtl();

        /** RFC 8767: when every upstream fails, answer from expired cache entries instead of SERVFAIL. */
        @WithDefault("false")
        boolean serveStale();

        /** The TTL a stale answer carries (RFC 8767 recommends 30 seconds). */
        @WithDefault("30s")
        Duration staleAnswerTtl();

        /** How long past expiry an entry may still be served stale (RFC 8767 suggests 1 to 3 days). */
        @WithDefault("1d")
        Duration maxStale();

        /**
         * RFC 8767 section 5's client response timer (1.8 s recommended): with serve-stale on and an expired answer
         * cached, a client waits this long for the upstreams and then gets the stale answer; the lookup goes on and
         * refreshes the cache when an upstream answers.
         */
        @WithDefault("1800ms")
        Duration staleAnswerClientTimeout();
    }
}
