package dev.outagelab.statuspage.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** Where history is kept (an H2 file {@code status.mv.db} inside); relative to the working directory. */
    @WithName("data-dir")
    @WithDefault("data")
    String dataDir();

    Rules rules();

    Checks checks();

    Incidents incidents();

    /** Instances found in DNS, as Kubernetes publishes a headless Service's pods; besides {@link #targets()}. */
    Discovery discovery();

    interface Discovery {
        /**
         * {@code host:port} of the DNS server to ask; without it, the system's resolvers (in a pod,
         * {@code /etc/resolv.conf} names the cluster DNS).
         */
        Optional<String> server();

        /** How often every service name is resolved again. */
        @WithDefault("10s")
        Duration interval();

        /**
         * How long an instance that left DNS still counts, as down: a killed pod leaves its Service at once, and
         * that is an outage, not a smaller fleet. After this it is forgotten (a scale-down).
         */
        @WithDefault("5m")
        Duration forgetAfter();

        List<Service> services();

        interface Service {
            /** Module of the instances, e.g. {@code db-node}; every module but {@code cdn-edge} (POPs are named). */
            String component();

            /**
             * An SRV name such as {@code _management._tcp.lab-db-node.lab.svc.cluster.local}, or, with
             * {@link #port()}, a name whose A records are the instances.
             */
            String name();

            /** Readiness port for A records; SRV records carry their own. */
            Optional<Integer> port();

            /** Readiness path on each instance. */
            @WithDefault("/q/health/ready")
            String path();
        }
    }

    /** Thresholds of the state rules; see README "State rules". */
    interface Rules {
        /** How far back the failure rate and latency percentile look. */
        @WithDefault("5s")
        Duration window();

        @WithDefault("0.2")
        double partialFailureRate();

        @WithDefault("0.5")
        double majorFailureRate();

        /** This fraction of a component's instances down (or more) is a major outage; fewer, a partial one. */
        @WithDefault("0.5")
        double majorDownFraction();

        @WithDefault("500ms")
        Duration latencyThreshold();

        @WithDefault("95")
        int latencyPercentile();

        /** Consecutive evaluations saying "worse" before the page shows it. */
        @WithDefault("2")
        int worsenAfter();

        /** Consecutive evaluations saying "better" before the page shows it. */
        @WithDefault("3")
        int improveAfter();
    }

    /** Synthetic checks, each optional: a check without its settings does not run. */
    interface Checks {
        Dns dns();

        Cdn cdn();

        Database database();

        Orchestration orchestration();

        interface Dns {
            /** {@code host:port} of every resolver; each is asked on every round. */
            Optional<List<String>> resolvers();

            @WithDefault("origin.news.lab.internal")
            String name();
        }

        interface Cdn {
            List<Pop> pops();

            /** The Host header readers send. */
            @WithDefault("news.lab")
            String host();

            @WithDefault("/")
            String path();

            interface Pop {
                /** POP name; use the edge instance's name so its readiness counts for the same component. */
                String name();

                /** The edge's base URL, e.g. {@code http://127.0.0.1:8081}. */
                String url();
            }
        }

        interface Database {
            /** The name applications write to; a CNAME whose target's first label is a node name. */
            @WithDefault("primary.db.lab.internal")
            String primaryName();

            /** Every db node (name and application URL); the check runs when there is at least one. */
            List<Node> nodes();

            interface Node {
                String name();

                String url();
            }
        }

        interface Orchestration {
            /** Base URL of every orchestrator; each is asked {@code GET /api/leader-check}. */
            Optional<List<String>> urls();
        }
    }

    interface Incidents {
        /** How long every linked component must stay operational before a monitoring incident is resolved. */
        @WithDefault("5m")
        Duration quietPeriod();
    }

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
