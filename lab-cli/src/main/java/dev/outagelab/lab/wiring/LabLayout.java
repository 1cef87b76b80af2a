package dev.outagelab.lab.wiring;

import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;

import java.util.List;
import java.util.stream.Collectors;

/** The local lab as the instances see it: which instances run, at which loopback addresses, with which files. */
public record LabLayout(Topology topology, int portOffset, LabPaths paths) {

    public Ports ports(Instance instance) {
        return Ports.of(instance, portOffset);
    }

    public List<Instance> instancesOf(String module) {
        return topology.instances().stream().filter(i -> i.module().equals(module)).toList();
    }

    public Instance instance(String name) {
        return topology.find(name).orElseThrow(() -> new IllegalArgumentException("no instance " + name));
    }

    /** Every resolver's DNS address, {@code 127.0.0.1:port}, comma-separated in fleet order. */
    public String dnsServers() {
        return instancesOf("dns-resolver").stream()
                .map(r -> "127.0.0.1:" + ports(r).dns().orElseThrow())
                .collect(Collectors.joining(","));
    }

    /** {@code name=url,...}: every instance of a module with its management base URL. */
    public String namedManagementUrls(String module) {
        return instancesOf(module).stream()
                .map(i -> i.name() + "=" + ports(i).managementUrl())
                .collect(Collectors.joining(","));
    }
}
