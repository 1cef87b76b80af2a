package dev.outagelab.lab.local;

import java.io.IOException;
import java.util.Optional;

/** What the control API can ask of the supervisor; an interface so the API can be tested with a fake. */
public interface SupervisorControl {

    InstancesDocument instances();

    /**
     * Applies the action and answers the instance's state afterwards; empty if there is no such instance.
     * STOP and KILL return once the process is gone; START returns without waiting for readiness.
     */
    Optional<InstanceRecord> apply(String name, InstanceAction action) throws IOException;

    /** Begins a graceful shutdown of every instance and then of the supervisor; returns at once. */
    void shutdown();
}
