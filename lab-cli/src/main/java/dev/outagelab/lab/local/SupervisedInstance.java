package dev.outagelab.lab.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One instance under supervision: its current process, whether it should run, and its restart backoff.
 * Every state change goes through this object's monitor; {@code onChange} runs after each change (outside
 * the monitor) so the supervisor can persist instances.json.
 */
final class SupervisedInstance {

    private final LaunchSpec spec;
    private final ScheduledExecutorService scheduler;
    private final Runnable onChange;
    private final Backoff backoff = new Backoff();

    private Process process;
    // Bumped on every launch so exit and readiness events of an older process are ignored.
    private int generation;
    private Instant startedAt;
    private int restarts;
    private Integer lastExitCode;
    private Desired desired = Desired.RUNNING;
    private Phase phase = Phase.STOPPED;
    private boolean ready;
    private boolean shuttingDown;
    private ScheduledFuture<?> pendingRestart;

    SupervisedInstance(LaunchSpec spec, ScheduledExecutorService scheduler, Runnable onChange) {
        this.spec = spec;
        this.scheduler = scheduler;
        this.onChange = onChange;
    }

    String name() {
        return spec.instance().name();
    }

    String readinessUrl() {
        return spec.ports().readinessUrl();
    }

    /** Starts the instance now unless it already runs; an explicit start forgets earlier crashes. */
    void start() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            // Also when a stop is still in progress: the exiting process is then restarted like after a crash.
            desired = Desired.RUNNING;
            if (isAlive()) {
                return;
            }
            cancelPendingRestart();
            backoff.reset();
            launch();
        }
        onChange.run();
    }

    /** Marks the instance stopped on purpose and returns the process to terminate, if one is alive. */
    Optional<ProcessHandle> stop() {
        Optional<ProcessHandle> handle;
        synchronized (this) {
            desired = Desired.STOPPED;
            cancelPendingRestart();
            // A frozen process cannot act on SIGTERM: thaw it first so it shuts down cleanly.
            thaw();
            handle = isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
            if (handle.isEmpty()) {
                phase = Phase.STOPPED;
            }
        }
        onChange.run();
        return handle;
    }

    /**
     * SIGKILL, as a crash or a forced pod delete does: no shutdown hook runs, and the supervisor restarts the
     * instance after the backoff, as Kubernetes would. Returns the killed process, if one was alive.
     */
    Optional<ProcessHandle> kill() {
        ProcessHandle handle;
        synchronized (this) {
            if (!isAlive()) {
                return Optional.empty();
            }
            handle = process.toHandle();
            // SIGKILL ends a stopped process too; there is nothing to thaw.
            handle.destroyForcibly();
        }
        return Optional.of(handle);
    }

    /**
     * SIGSTOP: the process keeps its ports open, so connections are accepted by the kernel and then nothing
     * answers, which is what a hung node looks like to its callers (and unlike a crash, no restart follows).
     * Returns false if no process is alive.
     */
    boolean pause() throws IOException {
        synchronized (this) {
            if (!isAlive()) {
                return false;
            }
            if (phase != Phase.PAUSED) {
                Signals.send(process.pid(), Signals.STOP);
                phase = Phase.PAUSED;
            }
        }
        onChange.run();
        return true;
    }

    /** SIGCONT for a paused process; returns false if the instance was not paused. */
    boolean resume() throws IOException {
        synchronized (this) {
            if (phase != Phase.PAUSED || !isAlive()) {
                return false;
            }
            Signals.send(process.pid(), Signals.CONT);
            phase = Phase.RUNNING;
        }
        onChange.run();
        return true;
    }

    /** From now on no restart happens, whatever exits. */
    synchronized Optional<ProcessHandle> beginShutdown() {
        shuttingDown = true;
        cancelPendingRestart();
        thaw();
        return isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    /** Called by the readiness watcher; only counts if the probed process is still the current one. */
    void markReady(int probedGeneration) {
        synchronized (this) {
            if (probedGeneration != generation || ready || !isAlive()) {
                return;
            }
            ready = true;
        }
        onChange.run();
    }

    /** The generation to probe, if the current process is alive and has not been ready yet. */
    synchronized Optional<Integer> awaitingReadiness() {
        return isAlive() && !ready ? Optional.of(generation) : Optional.empty();
    }

    synchronized InstanceRecord snapshot() {
        boolean alive = isAlive();
        Integer dns = spec.ports().dns().isPresent() ? spec.ports().dns().getAsInt() : null;
        return new InstanceRecord(name(), spec.instance().module(), spec.instance().region(),
                alive ? process.pid() : null, startedAt == null ? null : startedAt.toString(), restarts,
                lastExitCode, desired, phase, alive && ready && phase != Phase.PAUSED, spec.ports().app(), spec.ports().management(), dns);
    }

    private boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void thaw() {
        if (phase == Phase.PAUSED && isAlive()) {
            try {
                Signals.send(process.pid(), Signals.CONT);
            } catch (IOException e) {
                appendToLog("--- lab supervisor: could not resume before stopping: " + e.getMessage() + " ---");
            }
            phase = Phase.RUNNING;
        }
    }

    private void launch() {
        generation++;
        int launched = generation;
        startedAt = Instant.now();
        ready = false;
        try {
            process = InstanceLauncher.start(spec);
            phase = Phase.RUNNING;
            process.onExit().thenAccept(p -> onExit(launched, p.exitValue()));
        } catch (IOException e) {
            // A missing jar or an exec failure is handled like a crash: logged, retried with backoff.
            process = null;
            appendToLog("--- lab supervisor: could not start: " + e.getMessage() + " ---");
            scheduleRestart(-1, Duration.ZERO);
        }
    }

    private void onExit(int exitedGeneration, int exitCode) {
        synchronized (this) {
            if (exitedGeneration != generation) {
                return;
            }
            lastExitCode = exitCode;
            ready = false;
            if (shuttingDown || desired == Desired.STOPPED) {
                phase = Phase.STOPPED;
            } else {
                scheduleRestart(exitCode, Duration.between(startedAt, Instant.now()));
            }
        }
        onChange.run();
    }

    private void scheduleRestart(int exitCode, Duration ranFor) {
        Duration delay = backoff.next(ranFor);
        phase = Phase.RESTARTING;
        appendToLog("--- lab supervisor: exited with " + exitCode + ", restarting in " + delay.toSeconds() + "s ---");
        int scheduledFor = generation;
        pendingRestart = scheduler.schedule(() -> restartAfterBackoff(scheduledFor),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restartAfterBackoff(int scheduledFor) {
        synchronized (this) {
            if (scheduledFor != generation || shuttingDown || desired != Desired.RUNNING
                    || phase != Phase.RESTARTING) {
                return;
            }
            restarts++;
            launch();
        }
        onChange.run();
    }

    private void cancelPendingRestart() {
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
        }
        if (phase == Phase.RESTARTING) {
            phase = Phase.STOPPED;
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(spec.logFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println(name() + ": " + line + " (log not writable: " + e.getMessage() + ")");
        }
    }
}
