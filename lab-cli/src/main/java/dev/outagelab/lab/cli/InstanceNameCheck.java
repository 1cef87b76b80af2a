package dev.outagelab.lab.cli;

import dev.outagelab.lab.topology.Topology;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Rejects unknown instance names before anything talks to the supervisor, listing the valid ones. */
final class InstanceNameCheck {

    private InstanceNameCheck() {
    }

    static void require(CommandLine commandLine, String name) {
        Topology topology = Topology.standard();
        if (topology.find(name).isEmpty()) {
            throw new ParameterException(commandLine, "no instance named '" + name + "'; instances: "
                    + String.join(", ", topology.names()));
        }
    }
}
