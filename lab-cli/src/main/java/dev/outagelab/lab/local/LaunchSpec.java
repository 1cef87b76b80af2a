package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything needed to start one instance's JVM.
 *
 * @param configFile the instance's settings file written by the lab (see {@code LabWiring}), if any
 */
public record LaunchSpec(Instance instance, Ports ports, Path jar, Path stateDir, Path workDir, Path logFile,
                         LabSecrets secrets, Optional<Path> configFile) {
}
