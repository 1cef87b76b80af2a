package dev.outagelab.dbnode.config;

import dev.outagelab.dbnode.role.Role;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** The instance name or URL a replica replicates from; required when {@code db.role=replica}. */
    Optional<String> source();

    /** Start refusing writes of any role (the first start only, like {@link #role()}). */
    @WithDefault("false")
    boolean readOnly();

    Binlog binlog();

    interface Binlog {

        /** A segment is closed and the next one started once it reaches this size. */
        @WithDefault("64M")
        MemorySize segmentSize();
    }
}
