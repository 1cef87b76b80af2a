package dev.outagelab.cdnedge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the edge reads from configuration; service configs (domains, origins, rules) come from their own file. */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** The software release this edge runs; see {@code Release} for what each one does. */
    @WithDefault("2021.05.12")
    String release();

    Cache cache();

    Services services();

    Dns dns();

    /** Defaults for every origin a service config names; a config may override each per origin. */
    Origin origin();

    Activation activation();

    interface Cache {
        /** Bytes of bodies and headers the cache may hold; the least valuable objects are evicted beyond it. */
        @WithDefault("67108864")
        long maxBytes();

        /** Freshness when the origin says nothing (no max-age, s-maxage or Expires); the scenario's seven days. */
        @WithDefault("7d")
        Duration defaultTtl();

        /** Larger origin bodies are refused with 502 rather than buffered. */
        @WithDefault("8388608")
        int maxObjectBytes();

        /**
         * How long past its stale windows an object with a validator (ETag or Last-Modified) is kept, so that a
         * conditional request can refresh it with a 304 instead of fetching the body again. The byte budget still
         * bounds the cache.
         */
        @WithDefault("1h")
        Duration keepForRevalidation();
    }

    interface Services {
        /** A JSON file of service configs, re-read when it changes (a mounted ConfigMap); absent: the built-in one. */
        Optional<String> file();

        /** How often the file is checked for a change. */
        @WithDefault("2s")
        Duration reloadInterval();

        /** The built-in service, used when no file is set: the lab's news site in front of db-node. */
        @WithDefault("news.lab")
        String defaultDomain();

        @WithDefault("origin.news.lab.internal")
        String defaultOriginHost();

        @WithDefault("8080")
        int defaultOriginPort();

        /**
         * An SRV name (e.g. {@code _http._tcp.origin.news.lab.internal}) whose records list the built-in service's
         * origin servers; when set, it replaces the host and port above, so misses follow a database failover.
         */
        Optional<String> defaultOriginSrv();

        /**
         * The built-in service's TTL rule for {@code /kv/}: db-node sends no Cache-Control, so without it every key
         * (and every 404) would be cached for the seven-day default. {@code 0s} leaves the rule out.
         */
        @WithDefault("30s")
        Duration defaultKvTtl();
    }

    Data data();

    interface Data {
        /**
         * A directory for the service config versions and the activation log (fsync'd JSON lines), read back at
         * start-up so both survive a restart; absent: kept in memory only.
         */
        Optional<String> dir();
    }

    interface Dns {
        /** Resolver addresses as host:port, asked in order; the lab's resolvers answer on 127.0.0.1:15353..15356. */
        @WithDefault("127.0.0.1:15353")
        List<String> resolvers();

        /** How long one resolver gets to answer before the next is asked. */
        @WithDefault("2s")
        Duration timeout();

        /** Keep using an expired answer when every resolver fails (RFC 8767); off reproduces the 2018 502s. */
        @WithDefault("false")
        boolean serveStale();

        /** How long past its TTL an answer may still be served stale. */
        @WithDefault("1h")
        Duration staleMax();
    }

    interface Origin {
        /** 0 means no timeout: the Black Friday setting. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest silence while waiting for the origin's response; 0 means wait forever. */
        @WithDefault("10s")
        Duration readTimeout();

        /** Concurrent requests to one origin (the bulkhead). */
        @WithDefault("32")
        int maxConnections();

        /** Longest wait for a free connection before failing with 503; 0 means wait forever. */
        @WithDefault("1s")
        Duration maxWait();

        /** Consecutive failures that open an origin's circuit breaker; 0 disables the breaker. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open breaker fails fast before letting one trial request through. */
        @WithDefault("10s")
        Duration breakerOpenFor();

        /**
         * For an SRV origin: how many of its servers one request may try, in SRV order, when a server refuses the
         * connection or (for GET and HEAD) answers 502, 503 or 504.
         */
        @WithDefault("3")
        int srvAttempts();
    }

    interface Activation {
        /** Refuse a config that the running release cannot serve, naming the rule (the fix after June 2021). */
        @WithDefault("false")
        boolean validateAgainstRelease();

        /** Watch every activation and roll it back by itself if the edge's error rate rises. */
        @WithDefault("false")
        boolean staged();

        /** How long a staged activation is watched. */
        @WithDefault("30s")
        Duration watchFor();

        /** Requests seen after activation before the error rate is judged. */
        @WithDefault("10")
        int minRequests();

        /** 5xx share of requests above which a staged activation is rolled back. */
        @WithDefault("0.5")
        double maxErrorRate();
    }
}
