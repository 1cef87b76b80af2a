package dev.outagelab.statuspage.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which components the page shows and which of them each instance counts for. Readers care about what
 * they can do (load a page through a POP, resolve the name, write, read), not about processes, so
 * instances map onto those: a {@code cdn-edge} instance is its own POP, {@code dns-resolver}s make
 * "DNS resolution", {@code db-node}s count for both "Database writes" and "Database reads",
 * {@code orchestrator}s make "Orchestration", {@code status-page}s the "Status page". Any other module
 * becomes a component of its own name. A component exists only when something feeds it, except the
 * status page, which is always shown.
 */
public record ComponentLayout(List<ComponentDef> components, Map<String, List<String>> keysByInstance) {

    public static final String DNS = "dns";
    public static final String DB_WRITES = "db-writes";
    public static final String DB_READS = "db-reads";
    public static final String ORCHESTRATION = "orchestration";
    public static final String STATUS_PAGE = "status-page";

    public static String popKey(String pop) {
        return "cdn-" + pop;
    }

    public static ComponentLayout of(List<Target> targets, List<String> pops, boolean dnsCheck, boolean databaseCheck,
            boolean leaderCheck) {
        Map<String, ComponentDef> cdn = new LinkedHashMap<>();
        for (String pop : pops) {
            cdn.put(pop, popDef(pop));
        }
        boolean dns = dnsCheck;
        boolean database = databaseCheck;
        boolean orchestration = leaderCheck;
        Map<String, ComponentDef> others = new TreeMap<>();
        Map<String, List<String>> keysByInstance = new LinkedHashMap<>();
        for (Target target : targets) {
            List<String> keys = switch (target.component()) {
                case "cdn-edge" -> {
                    cdn.putIfAbsent(target.name(), popDef(target.name()));
                    yield List.of(popKey(target.name()));
                }
                case "dns-resolver" -> {
                    dns = true;
                    yield List.of(DNS);
                }
                case "db-node" -> {
                    database = true;
                    yield List.of(DB_WRITES, DB_READS);
                }
                case "orchestrator" -> {
                    orchestration = true;
                    yield List.of(ORCHESTRATION);
                }
                case "status-page" -> List.of(STATUS_PAGE);
                default -> {
                    others.putIfAbsent(target.component(), new ComponentDef(target.component(), target.component(),
                            null, "instances of " + target.component()));
                    yield List.of(target.component());
                }
            };
            keysByInstance.put(target.name(), keys);
        }
        List<ComponentDef> components = new ArrayList<>(cdn.values());
        if (dns) {
            components.add(new ComponentDef(DNS, "DNS resolution", null, "names resolve through every resolver"));
        }
        if (database) {
            components.add(new ComponentDef(DB_WRITES, "Database writes", "Database",
                    "a write to the primary, found by its DNS name"));
            components.add(new ComponentDef(DB_READS, "Database reads", "Database",
                    "the write read back from a replica"));
        }
        if (orchestration) {
            components.add(new ComponentDef(ORCHESTRATION, "Orchestration", null,
                    "exactly one orchestrator leads, so failover can happen"));
        }
        components.addAll(others.values());
        components.add(new ComponentDef(STATUS_PAGE, "Status page", null, "this page and its probes"));
        return new ComponentLayout(List.copyOf(components), keysByInstance);
    }

    public boolean hasStatusPageInstances() {
        return keysByInstance.values().stream().anyMatch(keys -> keys.contains(STATUS_PAGE));
    }

    private static ComponentDef popDef(String pop) {
        return new ComponentDef(popKey(pop), "CDN " + pop, "CDN", "a page fetched through POP " + pop);
    }
}
