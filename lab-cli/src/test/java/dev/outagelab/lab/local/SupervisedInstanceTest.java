package dev.outagelab.lab.local;

import dev.outagelab.lab.LabTestSupport;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Uses a jar that does not exist: `java -jar` then exits with 1 at once, a cheap crashing process. */
class SupervisedInstanceTest {

    @TempDir
    Path state;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private SupervisedInstance crashingInstance() {
        return instanceRunning(state.resolve("missing.jar"));
    }

    private SupervisedInstance instanceRunning(Path jar) {
        Instance instance = Topology.standard().find("db-node-east-1").orElseThrow();
        return new SupervisedInstance(new LaunchSpec(instance, Ports.of(instance, 0), jar,
                state, state.resolve("data"), state.resolve("logs").resolve("db.log"),
                new LabSecrets("token", "dHNpZw=="), Optional.empty()),
                scheduler, () -> { });
    }

    /** A runnable jar of {@link Sleeper}, a process that lives until it is killed. */
    private Path sleeperJar() throws IOException {
        Path jar = state.resolve("sleeper.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Sleeper.class.getName());
        String entry = Sleeper.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream classFile = Sleeper.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** The process state letter from /proc/<pid>/stat: 'T' while stopped by SIGSTOP, 'S' while sleeping. */
    private static char procState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void pauseFreezesTheProcessAndResumeThawsIt() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/self/stat")), "reads process states from /proc (Linux only)");
        SupervisedInstance instance = instanceRunning(sleeperJar());
        try {
            instance.start();
            long pid = instance.snapshot().pid();
            assertTrue(instance.pause());
            assertEquals(Phase.PAUSED, instance.snapshot().phase());
            await(() -> uncheckedState(pid) == 'T', Duration.ofSeconds(5));
            assertTrue(instance.resume());
            assertEquals(Phase.RUNNING, instance.snapshot().phase());
            await(() -> uncheckedState(pid) != 'T', Duration.ofSeconds(5));
            assertFalse(instance.resume(), "a running instance is not paused");
        } finally {
            instance.stop().ifPresent(h -> LabProcesses.terminateAll(List.of(h), Duration.ofSeconds(5)));
        }
    }

    @Test
    void killIsACrashThatTheSupervisorRestarts() throws IOException {
        SupervisedInstance instance = instanceRunning(sleeperJar());
        try {
            instance.start();
            long pid = instance.snapshot().pid();
            assertTrue(instance.pause(), "SIGKILL must also end a frozen process");
            ProcessHandle killed = instance.kill().orElseThrow();
            assertTrue(LabProcesses.awaitExit(killed, Duration.ofSeconds(5)));
            assertEquals(pid, killed.pid());
            await(() -> instance.snapshot().restarts() == 1 && instance.snapshot().pid() != null,
                    Duration.ofSeconds(15));
            assertEquals(Phase.RUNNING, instance.snapshot().phase());
            assertNotEquals(pid, instance.snapshot().pid());
            assertEquals(137, instance.snapshot().lastExitCode(), "128 + SIGKILL");
        } finally {
            instance.stop().ifPresent(h -> LabProcesses.terminateAll(List.of(h), Duration.ofSeconds(5)));
        }
    }

    @Test
    void stoppingAPausedInstanceThawsItSoItCanShutDown() throws IOException {
        SupervisedInstance instance = instanceRunning(sleeperJar());
        instance.start();
        instance.pause();
        ProcessHandle handle = instance.stop().orElseThrow();
        // SIGTERM alone would wait forever on a stopped process; the grace period here is shorter than SIGKILL's.
        handle.destroy();
        assertTrue(LabProcesses.awaitExit(handle, Duration.ofSeconds(5)), "exited on SIGTERM after the thaw");
        // The supervisor learns of the exit asynchronously.
        await(() -> instance.snapshot().phase() == Phase.STOPPED, Duration.ofSeconds(5));
    }

    private static char uncheckedState(long pid) {
        try {
            return procState(pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void restartsACrashedProcessAfterTheBackoffAndLogsWhy() throws IOException {
        SupervisedInstance instance = crashingInstance();
        instance.start();
        await(() -> instance.snapshot().restarts() >= 1, Duration.ofSeconds(15));
        String log = Files.readString(state.resolve("logs").resolve("db.log"));
        assertTrue(log.contains("--- lab supervisor: exited with 1, restarting in 1s ---"), log);
        instance.stop();
    }

    @Test
    void doesNotRestartAnInstanceStoppedOnPurpose() {
        SupervisedInstance instance = crashingInstance();
        instance.start();
        await(() -> instance.snapshot().phase() == Phase.RESTARTING, Duration.ofSeconds(15));
        instance.stop();
        InstanceRecord stopped = instance.snapshot();
        assertEquals(Phase.STOPPED, stopped.phase());
        assertEquals(Desired.STOPPED, stopped.desired());
        assertNull(stopped.pid());
        int restarts = stopped.restarts();
        // The restart that was pending (1 s) must not happen: an absence can only be checked by waiting past it.
        sleep(Duration.ofMillis(1500));
        assertEquals(restarts, instance.snapshot().restarts());
        assertEquals(Phase.STOPPED, instance.snapshot().phase());
    }

    private static void await(BooleanSupplier condition, Duration timeout) {
        LabTestSupport.await("condition", timeout, () -> condition.getAsBoolean() ? true : null, () -> "not yet");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
