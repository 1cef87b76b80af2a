package dev.outagelab.dbnode.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where a node keeps its data and how large a write may be. */
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

    Binlog binlog();

    interface Binlog {

        /** A segment is closed and the next one started once it reaches this size. */
        @WithDefault("64M")
        MemorySize segmentSize();
    }
}
