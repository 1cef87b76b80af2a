package dev.outagelab.lab.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The default lab: which instances run, in which region. The ordinal of each row fixes its ports. */
public final class Topology {

    public static final List<String> MODULES =
            List.of("cdn-edge", "dns-resolver", "db-node", "orchestrator", "status-page");

    private final List<Instance> instances;

    private Topology(List<Instance> instances) {
        this.instances = List.copyOf(instances);
    }

    /** The table from the contract; changing an order here changes every port after it. */
    public static Topology standard() {
        Builder b = new Builder();
        b.add("status-page", "status-page", "cloud");
        b.edge("cdn-edge-icn", "east", "icn");
        b.edge("cdn-edge-itm", "west", "itm");
        b.resolver("dns-resolver-0", "east");
        b.resolver("dns-resolver-1", "west");
        b.resolver("dns-resolver-2", "cloud");
        b.resolver("dns-resolver-3", "east");
        b.add("db-node-east-0", "db-node", "east");
        b.add("db-node-east-1", "db-node", "east");
        b.add("db-node-west-0", "db-node", "west");
        b.add("orchestrator-east", "orchestrator", "east");
        b.add("orchestrator-west", "orchestrator", "west");
        b.add("orchestrator-cloud", "orchestrator", "cloud");
        return new Topology(b.rows);
    }

    public List<Instance> instances() {
        return instances;
    }

    public Optional<Instance> find(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return instances.stream().map(Instance::name).toList();
    }

    private static final class Builder {
        private final List<Instance> rows = new ArrayList<>();
        private int resolvers;

        void add(String name, String module, String region) {
            rows.add(new Instance(rows.size(), name, module, region, Optional.empty(), Optional.empty()));
        }

        void edge(String name, String region, String pop) {
            rows.add(new Instance(rows.size(), name, "cdn-edge", region, Optional.of(pop), Optional.empty()));
        }

        void resolver(String name, String region) {
            rows.add(new Instance(rows.size(), name, "dns-resolver", region, Optional.empty(),
                    Optional.of(resolvers++)));
        }
    }
}
