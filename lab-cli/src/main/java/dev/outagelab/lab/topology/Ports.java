package dev.outagelab.lab.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The ports of one instance once the port offset is applied: every instance has an app and a management port;
 * resolvers also answer DNS, and orchestrators talk Raft among themselves on a port of their own.
 */
public record Ports(int app, int management, OptionalInt dns, OptionalInt raft) {

    static final int APP_BASE = 8080;
    static final int MANAGEMENT_BASE = 9000;
    static final int DNS_BASE = 15353;
    static final int RAFT_BASE = 10000;

    public static Ports of(Instance instance, int offset) {
        OptionalInt dns = instance.dnsIndex()
                .map(i -> OptionalInt.of(DNS_BASE + i + offset))
                .orElse(OptionalInt.empty());
        OptionalInt raft = instance.module().equals("orchestrator")
                ? OptionalInt.of(RAFT_BASE + instance.ordinal() + offset) : OptionalInt.empty();
        return new Ports(APP_BASE + instance.ordinal() + offset,
                MANAGEMENT_BASE + instance.ordinal() + offset, dns, raft);
    }

    /** Port offsets above this push the highest port (the last resolver's DNS port) past 65535. */
    public static int maxOffset(Topology topology) {
        int highest = topology.instances().stream()
                .mapToInt(i -> Ports.of(i, 0).all().stream().mapToInt(Integer::intValue).max().orElse(0))
                .max().orElse(0);
        return 65535 - highest;
    }

    public List<Integer> all() {
        List<Integer> ports = new ArrayList<>(List.of(app, management));
        dns.ifPresent(ports::add);
        raft.ifPresent(ports::add);
        return ports;
    }

    public String appUrl() {
        return "http://127.0.0.1:" + app;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + management;
    }

    /** Readiness is served on the management interface, like the Kubernetes probes. */
    public String readinessUrl() {
        return managementUrl() + "/q/health/ready";
    }
}
