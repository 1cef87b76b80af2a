package dev.outagelab.lab.cli;

import dev.outagelab.lab.local.LabPaths;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** --state-dir, shared by every command that touches a lab. */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the lab keeps logs, data and state. Default: $LAB_STATE_DIR, else <repo>/.lab.")
    Path stateDir;

    public LabPaths paths() {
        return LabPaths.resolve(Optional.ofNullable(stateDir));
    }
}
