package dev.outagelab.statuspage.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * What the status page probes and how often. Cross-field rules (unique names, timeout shorter than
 * the interval, http(s) URLs) are checked by {@link StatusConfigValidator} at start-up.
 */
@ConfigMapping(prefix = "status")
public interface StatusConfig {

    Page page();

    Probe probe();

    /** Instances to probe; written by `lab up` or the Helm ConfigMap. Empty means nothing to watch. */
    List<Target> targets();

    interface Page {
        /** Shown as the page name and in {@code page.name}; the lab's fictional site. */
        @WithDefault("news.lab")
        String name();
    }

    interface Probe {
        /** Time between the starts of two probe rounds. */
        @WithDefault("1s")
        Duration interval();

        /** Per-request limit; must be shorter than the interval so a round ends before the next starts. */
        @WithDefault("800ms")
        Duration timeout();
    }

    interface Target {
        /** Instance name, e.g. {@code db-node-east-0}; unique, it becomes the component name. */
        String name();

        /** Module the instance belongs to, e.g. {@code db-node}; becomes the component group. */
        String component();

        /** Site label: east, west or cloud. */
        String region();

        /** Readiness URL; 200 means up, anything else (or no answer in time) means down. */
        @WithName("health-url")
        String healthUrl();
    }
}
