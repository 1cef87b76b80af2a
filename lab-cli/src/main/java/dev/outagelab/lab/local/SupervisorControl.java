package dev.outagelab.lab.local;

import java.util.Optional;

/** What the control API can ask of the supervisor; an interface so the API can be tested with a fake. */
public interface SupervisorControl {

    InstancesDocument instances();

    /** Stops the instance and waits until its process is gone; empty if there is no such instance. */
    Optional<InstanceRecord> stop(String name);

    /** Starts the instance now (not waiting for readiness); empty if there is no such instance. */
    Optional<InstanceRecord> start(String name);

    /** Begins a graceful shutdown of every instance and then of the supervisor; returns at once. */
    void shutdown();
}
