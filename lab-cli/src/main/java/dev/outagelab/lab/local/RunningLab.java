package dev.outagelab.lab.local;

import java.io.IOException;
import java.util.Optional;

/** A supervisor that is alive for a state dir, and a client for its control API. */
public record RunningLab(SupervisorInfo info, ProcessHandle process, ControlClient client) {

    /** Empty when supervisor.json is missing or its pid is no longer our supervisor. */
    public static Optional<RunningLab> find(LabPaths paths) throws IOException {
        Optional<SupervisorInfo> info = StateFiles.read(paths.supervisorFile(), SupervisorInfo.class);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = LabProcesses.supervisor(info.get().pid(), paths.stateDir());
        if (process.isEmpty()) {
            return Optional.empty();
        }
        String token = SecretFile.read(paths.adminTokenFile());
        return Optional.of(new RunningLab(info.get(), process.get(),
                new ControlClient(info.get().controlPort(), token)));
    }
}
