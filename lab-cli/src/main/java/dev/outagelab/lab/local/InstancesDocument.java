package dev.outagelab.lab.local;

import java.util.List;
import java.util.Optional;

/** instances.json, and the body of GET /instances. */
public record InstancesDocument(int portOffset, String stateDir, String updatedAt, List<InstanceRecord> instances) {

    public Optional<InstanceRecord> find(String name) {
        return instances.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
