package dev.outagelab.statuspage.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
public record ComponentLayout(List<ComponentDef> components, Map<String, List<String>> keysByInstance,
        Map<String, List<String>> keysByDiscoveredModule) {

    public static final String DNS = "dns";
    public static final String DB_WRITES = "db-writes";
    public static final String DB_READS = "db-reads";
    public static final String ORCHESTRATION = "orchestration";
    public static final String STATUS_PAGE = "status-page";
    private static final Set<String> KNOWN_MODULES = Set.of("cdn-edge", "dns-resolver", "db-node", "orchestrator",
            "status-page");

    public static String popKey(String pop) {
        return "cdn-" + pop;
    }

    public static ComponentLayout of(List<Target> targets, List<String> pops, boolean dnsCheck, boolean databaseCheck,
            boolean leaderCheck) {
        return of(targets, List.of(), pops, dnsCheck, databaseCheck, leaderCheck);
    }

    /**
     * @param discoveredModules modules whose instances are found in DNS while running (never {@code cdn-edge}: a
     *                          POP is a component and must be known before the first round)
     */
    public static ComponentLayout of(List<Target> targets, List<String> discoveredModules, List<String> pops,
            boolean dnsCheck, boolean databaseCheck, boolean leaderCheck) {
        Map<String, ComponentDef> cdn = new LinkedHashMap<>();
        for (String pop : pops) {
            cdn.put(pop, popDef(pop));
        }
        Map<String, List<String>> keysByInstance = new LinkedHashMap<>();
        for (Target target : targets) {
            if (target.component().equals("cdn-edge")) {
                cdn.putIfAbsent(target.name(), popDef(target.name()));
            }
            keysByInstance.put(target.name(), keysOf(target.component(), target.name()));
        }
        Map<String, List<String>> keysByDiscoveredModule = new LinkedHashMap<>();
        for (String module : discoveredModules) {
            keysByDiscoveredModule.put(module, keysOf(module, null));
        }
        List<String> fed = new ArrayList<>();
        keysByInstance.values().forEach(fed::addAll);
        keysByDiscoveredModule.values().forEach(fed::addAll);
        boolean dns = dnsCheck || fed.contains(DNS);
        boolean database = databaseCheck || fed.contains(DB_WRITES);
        boolean orchestration = leaderCheck || fed.contains(ORCHESTRATION);
        Map<String, ComponentDef> others = new TreeMap<>();
        for (Target target : targets) {
            addOther(others, target.component());
        }
        discoveredModules.forEach(module -> addOther(others, module));
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
        return new ComponentLayout(List.copyOf(components), keysByInstance, keysByDiscoveredModule);
    }

    /** The components an instance of {@code module} counts for; a {@code cdn-edge} instance is its own POP. */
    private static List<String> keysOf(String module, String instance) {
        return switch (module) {
            case "cdn-edge" -> List.of(popKey(instance));
            case "dns-resolver" -> List.of(DNS);
            case "db-node" -> List.of(DB_WRITES, DB_READS);
            case "orchestrator" -> List.of(ORCHESTRATION);
            case "status-page" -> List.of(STATUS_PAGE);
            default -> List.of(module);
        };
    }

    private static void addOther(Map<String, ComponentDef> others, String module) {
        if (!KNOWN_MODULES.contains(module)) {
            others.putIfAbsent(module, new ComponentDef(module, module, null, "instances of " + module));
        }
    }

    public boolean hasStatusPageInstances() {
        return keysByInstance.values().stream().anyMatch(keys -> keys.contains(STATUS_PAGE))
                || keysByDiscoveredModule.containsKey("status-page");
    }

    private static ComponentDef popDef(String pop) {
        return new ComponentDef(popKey(pop), "CDN " + pop, "CDN", "a page fetched through POP " + pop);
    }
}
