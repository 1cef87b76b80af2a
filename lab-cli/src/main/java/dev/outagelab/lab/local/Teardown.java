package dev.outagelab.lab.local;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** `lab down`: stop the supervisor, then make sure none of the lab's instances is left behind. */
public final class Teardown {

    /** Enough for the supervisor to give every instance its SIGTERM grace period, in parallel. */
    public static final Duration SUPERVISOR_DEADLINE = Duration.ofSeconds(30);

    private final LabPaths paths;

    public Teardown(LabPaths paths) {
        this.paths = paths;
    }

    /**
     * What was stopped.
     *
     * @param supervisorPid the supervisor's pid, if one was running
     * @param bySupervisor  instances (name -> pid) the supervisor was running and stopped
     * @param leftovers     instances (name -> pid) that were still alive after the supervisor was gone
     */
    public record Report(Optional<Long> supervisorPid, Map<String, Long> bySupervisor, Map<String, Long> leftovers) {
        public boolean nothingRunning() {
            return supervisorPid.isEmpty() && leftovers.isEmpty();
        }
    }

    public Report run() throws IOException {
        Map<String, Long> bySupervisor = new LinkedHashMap<>();
        Optional<Long> supervisorPid = stopSupervisor(bySupervisor);
        Map<String, Long> leftovers = stopLeftovers();
        Files.deleteIfExists(paths.supervisorFile());
        return new Report(supervisorPid, bySupervisor, leftovers);
    }

    private Optional<Long> stopSupervisor(Map<String, Long> running) throws IOException {
        Optional<RunningLab> lab = RunningLab.find(paths);
        if (lab.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle supervisor = lab.get().process();
        try {
            lab.get().client().instances().instances().stream()
                    .filter(r -> r.pid() != null)
                    .forEach(r -> running.put(r.name(), r.pid()));
            lab.get().client().shutdown();
        } catch (IOException unreachable) {
            // The API is gone but the process is not: SIGTERM runs the same shutdown through its hook.
            supervisor.destroy();
        }
        if (!LabProcesses.awaitExit(supervisor, SUPERVISOR_DEADLINE)) {
            supervisor.destroyForcibly();
            LabProcesses.awaitExit(supervisor, Duration.ofSeconds(5));
        }
        return Optional.of(supervisor.pid());
    }

    /**
     * Instances still alive: the pids recorded in instances.json (a SIGKILLed supervisor leaves them
     * running), plus any process carrying this state dir's marker, in case a restart was not recorded yet.
     * Both are checked against the command line so a reused pid is never killed.
     */
    private Map<String, Long> stopLeftovers() throws IOException {
        Map<String, ProcessHandle> found = new LinkedHashMap<>();
        Optional<InstancesDocument> recorded = StateFiles.read(paths.instancesFile(), InstancesDocument.class);
        recorded.ifPresent(doc -> doc.instances().forEach(r -> LabProcesses
                .labInstance(r.pid(), r.name(), paths.stateDir())
                .ifPresent(h -> found.put(r.name(), h))));
        String marker = "-D" + InstanceLauncher.STATE_DIR_PROPERTY + "=" + paths.stateDir() + " ";
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> found.values().stream().noneMatch(f -> f.pid() == h.pid()))
                .forEach(h -> LabProcesses.commandLine(h.pid())
                        .filter(cmd -> cmd.contains(marker))
                        .ifPresent(cmd -> found.put(instanceName(cmd, h.pid()), h)));
        LabProcesses.terminateAll(new ArrayList<>(found.values()), LabProcesses.GRACE);
        Map<String, Long> stopped = new LinkedHashMap<>();
        found.forEach((name, h) -> stopped.put(name, h.pid()));
        return stopped;
    }

    private static String instanceName(String commandLine, long pid) {
        String flag = "-D" + InstanceLauncher.NAME_PROPERTY + "=";
        int at = commandLine.indexOf(flag);
        if (at < 0) {
            return "pid " + pid;
        }
        int end = commandLine.indexOf(' ', at + flag.length());
        return commandLine.substring(at + flag.length(), end < 0 ? commandLine.length() : end);
    }
}
