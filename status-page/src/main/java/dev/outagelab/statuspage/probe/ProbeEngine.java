package dev.outagelab.statuspage.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.Sample;

/**
 * Runs every probe once per interval, all at once, and judges every component at the start of each
 * round from what arrived since. A probe still in flight is skipped for that round rather than started
 * twice, so a hung target holds one connection and delays no one: its timeout arrives as a sample.
 * Plain Java (no CDI) so tests can run it against real servers.
 */
public final class ProbeEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProbeEngine.class);

    /** What the rest of the page hears; called on the ticker or a probe's completion thread, must not block. */
    public interface Listener {
        void sampled(String componentKey, Sample sample);

        void changed(ComponentChange change);

        void roundFinished(Instant at, long rounds);
    }

    private final Duration interval;
    private final Clock clock;
    private final Map<String, ComponentTracker> trackers = new LinkedHashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Listener listener;
    private final AtomicLong roundsCompleted = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService ticker;
    private volatile Instant lastRoundCompletedAt;

    public ProbeEngine(Duration interval, Clock clock, List<ComponentTracker> trackers, List<Probe> probes,
            Listener listener) {
        this.interval = interval;
        this.clock = clock;
        this.listener = listener;
        for (ComponentTracker tracker : trackers) {
            this.trackers.put(tracker.def().key(), tracker);
        }
        for (Probe probe : probes) {
            slots.add(new Slot(probe));
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "status-prober");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            ticker.scheduleAtFixedRate(this::round, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    public List<ComponentTracker> trackers() {
        return List.copyOf(trackers.values());
    }

    public ComponentTracker tracker(String key) {
        return trackers.get(key);
    }

    public Duration interval() {
        return interval;
    }

    public long roundsCompleted() {
        return roundsCompleted.get();
    }

    /** When the last round whose probes have all finished did so; null before the first one. */
    public Instant lastRoundCompletedAt() {
        return lastRoundCompletedAt;
    }

    /** Stops counting an instance nobody probes any more (it left DNS long ago) in every component. */
    public void forgetInstance(String instance) {
        for (ComponentTracker tracker : trackers.values()) {
            tracker.forgetInstance(instance);
        }
    }

    public int probeCount() {
        return slots.size();
    }

    private void round() {
        // An exception escaping a fixed-rate task would silently cancel all future rounds.
        try {
            evaluate();
            List<CompletableFuture<?>> launched = new ArrayList<>(slots.size());
            for (Slot slot : slots) {
                if (slot.inFlight.compareAndSet(false, true)) {
                    launched.add(run(slot));
                } else {
                    LOG.debugf("%s: previous probe still in flight, skipping this round", slot.probe.name());
                }
            }
            CompletableFuture.allOf(launched.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> {
                Instant now = clock.instant();
                lastRoundCompletedAt = now;
                listener.roundFinished(now, roundsCompleted.incrementAndGet());
            });
        } catch (RuntimeException e) {
            LOG.error("probe round failed to start", e);
        }
    }

    private void evaluate() {
        Instant now = clock.instant();
        for (ComponentTracker tracker : trackers.values()) {
            ComponentChange change = tracker.evaluate(now);
            if (change != null) {
                listener.changed(change);
            }
        }
    }

    private CompletableFuture<?> run(Slot slot) {
        CompletableFuture<List<Observation>> running;
        try {
            running = slot.probe.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: probe failed to start", slot.probe.name());
            running = CompletableFuture.completedFuture(List.of());
        }
        return running.whenComplete((observations, error) -> {
            try {
                if (observations != null) {
                    for (Observation observation : observations) {
                        ComponentTracker tracker = trackers.get(observation.componentKey());
                        if (tracker != null) {
                            tracker.record(observation.sample());
                            listener.sampled(observation.componentKey(), observation.sample());
                        }
                    }
                }
            } finally {
                slot.inFlight.set(false);
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private static final class Slot {
        final Probe probe;
        final AtomicBoolean inFlight = new AtomicBoolean();

        Slot(Probe probe) {
            this.probe = probe;
        }
    }
}
