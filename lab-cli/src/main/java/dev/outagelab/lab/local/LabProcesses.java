package dev.outagelab.lab.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finding and ending the lab's OS processes safely. */
public final class LabProcesses {

    /** How long an instance gets to shut down after SIGTERM before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private LabProcesses() {
    }

    public static Optional<ProcessHandle> alive(Long pid) {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** The full command line; /proc is exact on Linux, ProcessHandle.info() is the portable fallback. */
    public static Optional<String> commandLine(long pid) {
        Path proc = Paths.get("/proc", Long.toString(pid), "cmdline");
        try {
            byte[] raw = Files.readAllBytes(proc);
            if (raw.length > 0) {
                return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (IOException e) {
            // not Linux, or the process is gone: fall through
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
    }

    /**
     * A recorded pid is only ours if its command line still names the instance and this state dir: after a
     * reboot or a long time the pid may belong to someone else's process.
     */
    public static Optional<ProcessHandle> labInstance(Long pid, String name, Path stateDir) {
        return alive(pid).filter(h -> commandLine(h.pid())
                .map(cmd -> cmd.contains("-D" + InstanceLauncher.NAME_PROPERTY + "=" + name + " ")
                        && cmd.contains("-D" + InstanceLauncher.STATE_DIR_PROPERTY + "=" + stateDir + " "))
                .orElse(false));
    }

    /** The supervisor's pid is ours if it runs `supervise` for this state dir. */
    public static Optional<ProcessHandle> supervisor(long pid, Path stateDir) {
        return alive(pid).filter(h -> commandLine(h.pid())
                .map(cmd -> cmd.contains(" supervise ") && cmd.contains(stateDir.toString()))
                .orElse(false));
    }

    /** SIGTERM to all at once, then SIGKILL whatever is still alive after the grace period. */
    public static void terminateAll(Collection<ProcessHandle> handles, Duration grace) {
        List<CompletableFuture<ProcessHandle>> exits = handles.stream()
                .peek(ProcessHandle::destroy)
                .map(ProcessHandle::onExit)
                .toList();
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : handles) {
            awaitExit(h, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        handles.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (CompletableFuture<ProcessHandle> exit : exits) {
            try {
                exit.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // SIGKILL cannot be refused; a zombie that lingers a moment longer is not worth failing for
            }
        }
    }

    public static boolean awaitExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (ExecutionException | TimeoutException e) {
            return !h.isAlive();
        }
    }
}
