package dev.outagelab.lab.local;

import dev.outagelab.lab.http.Probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Waits until instances answer 200 on their readiness URL, and gives up early on any that exits first:
 * waiting out the deadline for a process that already crashed would only hide the error.
 */
public final class ReadinessWatch {

    private static final long POLL_MILLIS = 250;

    private final RunningLab lab;
    private final Probe probe = new Probe();

    public ReadinessWatch(RunningLab lab) {
        this.lab = lab;
    }

    /**
     * @param ready   instances that answered, with the time it took
     * @param failed  instance -> why it is not ready (exited, or still not ready at the deadline)
     */
    public record Result(Map<String, Duration> ready, Map<String, String> failed) {
        public boolean ok() {
            return failed.isEmpty();
        }
    }

    /**
     * @param restartBaseline restarts per instance when the wait began; a higher count means it exited meanwhile
     * @param onReady         called once per instance as it becomes ready (for progress output)
     */
    public Result await(Set<String> names, Map<String, Integer> restartBaseline, Duration timeout,
                        BiConsumer<String, Duration> onReady) throws IOException {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        Set<String> pending = new LinkedHashSet<>(names);
        Map<String, Duration> ready = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            Optional<InstancesDocument> doc = poll();
            if (doc.isEmpty()) {
                pending.forEach(n -> failed.put(n, "the supervisor exited (see logs/supervisor.log)"));
                break;
            }
            Map<String, String> toProbe = new LinkedHashMap<>();
            for (String name : new ArrayList<>(pending)) {
                Optional<InstanceRecord> record = doc.get().find(name);
                Optional<String> exited = record.flatMap(r -> exitedBeforeReady(r, restartBaseline.getOrDefault(name, 0)));
                if (record.isEmpty()) {
                    failed.put(name, "unknown to the supervisor");
                    pending.remove(name);
                } else if (exited.isPresent()) {
                    failed.put(name, exited.get());
                    pending.remove(name);
                } else if (record.get().pid() != null) {
                    toProbe.put(name, "http://127.0.0.1:" + record.get().managementPort() + "/q/health/ready");
                }
            }
            Map<String, Boolean> answers = probe.areOk(List.copyOf(toProbe.values()));
            toProbe.forEach((name, url) -> {
                if (answers.getOrDefault(url, false)) {
                    Duration took = Duration.ofNanos(System.nanoTime() - begin);
                    ready.put(name, took);
                    pending.remove(name);
                    onReady.accept(name, took);
                }
            });
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                pending.forEach(n -> failed.put(n, "not ready after " + timeout.toSeconds() + "s"));
                break;
            }
            sleep();
        }
        return new Result(ready, failed);
    }

    private static Optional<String> exitedBeforeReady(InstanceRecord r, int baseline) {
        if (r.phase() == Phase.RESTARTING || r.restarts() > baseline) {
            return Optional.of("exited with " + r.lastExitCode() + " before it became ready");
        }
        if (r.phase() == Phase.STOPPED) {
            return Optional.of("stopped");
        }
        return Optional.empty();
    }

    private Optional<InstancesDocument> poll() throws IOException {
        try {
            return Optional.of(lab.client().instances());
        } catch (IOException e) {
            if (lab.process().isAlive()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for readiness", e);
        }
    }
}
