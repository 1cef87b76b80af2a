package dev.outagelab.dbnode.config;

import dev.outagelab.dbnode.role.Role;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where a node keeps its data, how large a write may be, and the role it starts in. */
@ConfigMapping(prefix = "db")
public interface DbConfig {

    /**
     * The data directory (server uuid and binlog). Relative on purpose: the lab starts each instance in its
     * own working directory ({@code .lab/data/<name>}), so the default {@code data} is already per instance.
     */
    @WithDefault("data")
    String dataDir();

    /** Longest key, in UTF-8 bytes; keys travel in URLs and in every binlog event. */
    @WithDefault("512")
    int maxKeyBytes();

    /** Largest value; quarkus.http.limits.max-body-size must stay above it so our JSON 413 is what clients see. */
    @WithDefault("1M")
    MemorySize maxValueSize();

    /**
     * The role of a node that has never run: once the node has a role file in its data directory (after its
     * first start, a promotion or a read-only switch) that file wins, so a restart cannot undo a promotion.
     */
    @WithDefault("primary")
    Role role();

    /**
     * The base URL of the source's app port (e.g. {@code http://127.0.0.1:8087}) a replica replicates from;
     * required when {@code db.role=replica} (the first start only, like {@link #role()}).
     */
    Optional<String> source();

    /** The URL other nodes use to replicate from this one (its app port); reported as {@code url} in status. */
    @WithDefault("http://${quarkus.http.host}:${quarkus.http.port}")
    String advertiseUrl();

    /** Start refusing writes of any role (the first start only, like {@link #role()}). */
    @WithDefault("false")
    boolean readOnly();

    /**
     * Whether a node that restarts as a writable primary (its role file says so) starts read-only until the
     * orchestrator or an operator switches read-only off: while it was away another node may have been promoted,
     * and two writable primaries are the split brain of GitHub 2018. A first start from configuration is never
     * fenced. {@code false} restores the old behaviour (a restarted primary takes writes at once).
     */
    @WithDefault("true")
    boolean fenceOnRestart();

    Binlog binlog();

    Replication replication();

    SemiSync semiSync();

    interface Replication {

        /** How often a source sends a heartbeat on an idle stream; at most 500ms (the orchestrator relies on it). */
        @WithDefault("250ms")
        Duration heartbeatInterval();

        /** A replica that hears nothing (no event, no heartbeat) from its source for this long reconnects. */
        @WithDefault("3s")
        Duration netTimeout();

        /** How long a replica (or a replicate-from check) waits to connect to a source. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** The first wait before a replica reconnects after a failure; it doubles up to {@link #retryMax()}. */
        @WithDefault("100ms")
        Duration retryInitial();

        @WithDefault("2s")
        Duration retryMax();
    }

    interface SemiSync {

        /** Whether a primary answers a write only after one replica has durably received it. */
        @WithDefault("false")
        boolean enabled();

        /** How long a write waits for a replica's acknowledgement before the primary falls back to async. */
        @WithDefault("1s")
        Duration timeout();
    }

    Snapshot snapshot();

    interface Binlog {

        /** A segment is closed and the next one started once it reaches this size. */
        @WithDefault("64M")
        MemorySize segmentSize();

        /** How often the node snapshots its state (when due) and purges segments retention lets go. */
        @WithDefault("30s")
        Duration maintenanceInterval();

        Retention retention();
    }

    interface Retention {

        /**
         * Closed segments last written longer ago than this may be purged (MySQL's binlog_expire_logs_seconds,
         * whose default is 30 days); {@code 0} turns the age limit off.
         */
        @WithDefault("720h")
        Duration maxAge();

        /** The oldest closed segments may be purged while all segments together exceed this; {@code 0} = no limit. */
        @WithDefault("0")
        MemorySize maxSize();

        /** A replica not heard from (no stream, no acknowledgement) for this long no longer holds segments back. */
        @WithDefault("1h")
        Duration replicaUnseenTimeout();
    }

    interface Snapshot {

        /** A snapshot is written once this many binlog bytes were written since the previous one. */
        @WithDefault("16M")
        MemorySize every();
    }
}
