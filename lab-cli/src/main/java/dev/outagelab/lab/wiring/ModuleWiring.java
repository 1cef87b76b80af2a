package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Instance;

/** What the instances of one module need to know to find the rest of the local lab. */
interface ModuleWiring {

    void addTo(InstanceSettings settings, Instance self, LabLayout lab);
}
