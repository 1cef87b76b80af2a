package dev.outagelab.lab.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `down` without a supervisor: it must kill the lab's leftovers and nothing else. */
class TeardownTest {

    @TempDir
    Path state;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
    }

    /** A long-running process whose command line looks like a lab instance's (bash ignores the extra args). */
    private Process fakeInstance(String name, Path stateDir) throws IOException {
        Process p = new ProcessBuilder("bash", "-c", "sleep 60; true", "-Dlab.instance.name=" + name,
                "-Dlab.state-dir=" + stateDir, "-jar", "x.jar").start();
        started.add(p);
        return p;
    }

    private InstanceRecord recorded(String name, long pid) {
        return new InstanceRecord(name, "db-node", "east", pid, null, 0, null, Desired.RUNNING, Phase.RUNNING,
                true, 8080, 9000, null);
    }

    @Test
    void recognisesAnInstanceOnlyByItsNameAndStateDir() throws IOException {
        Process p = fakeInstance("db-node-east-0", state);
        assertTrue(LabProcesses.labInstance(p.pid(), "db-node-east-0", state).isPresent());
        assertFalse(LabProcesses.labInstance(p.pid(), "db-node-east-1", state).isPresent());
        assertFalse(LabProcesses.labInstance(p.pid(), "db-node-east-0", state.resolve("other")).isPresent());
        assertFalse(LabProcesses.labInstance(null, "db-node-east-0", state).isPresent());
    }

    @Test
    void killsLeftoversOfThisStateDirButNotAReusedPid() throws IOException {
        LabPaths paths = new LabPaths(state, state);
        Process leftover = fakeInstance("db-node-east-0", paths.stateDir());
        // Recorded under this pid as another instance: the pid was "reused" by someone else's process.
        Process stranger = new ProcessBuilder("bash", "-c", "sleep 60; true").start();
        started.add(stranger);
        StateFiles.write(paths.instancesFile(), new InstancesDocument(0, state.toString(), "now",
                List.of(recorded("db-node-east-0", leftover.pid()), recorded("db-node-east-1", stranger.pid()))));

        Teardown.Report report = new Teardown(paths).run();

        assertEquals(Optional.empty(), report.supervisorPid());
        assertEquals(Map.of("db-node-east-0", leftover.pid()), report.leftovers());
        assertFalse(leftover.isAlive());
        assertTrue(stranger.isAlive(), "a process that is not ours must survive `down`");
    }
}
