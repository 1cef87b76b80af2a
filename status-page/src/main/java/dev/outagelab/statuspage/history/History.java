package dev.outagelab.statuspage.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.Sample;
import io.agroal.api.AgroalDataSource;

/**
 * Keeps history on disk without ever making a probe wait for it: samples are summed per component per
 * minute in memory and written when the minute is over; changes and incidents are written on one
 * writer thread in the order they happened. A failing disk is logged; the page keeps serving from memory.
 */
@ApplicationScoped
public class History {

    private static final Logger LOG = Logger.getLogger(History.class);

    @Inject
    AgroalDataSource dataSource;

    private HistoryStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-history-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, MinuteBucket> currentMinute = new HashMap<>();
    private final Map<String, ComponentStatus> shown = new HashMap<>();

    @PostConstruct
    void init() {
        store = new HistoryStore(dataSource);
    }

    public HistoryStore store() {
        return store;
    }

    /** What each component showed when the page last stopped, so a restart does not forget an outage. */
    public Map<String, ComponentState> lastKnown() {
        Map<String, ComponentState> out = new LinkedHashMap<>();
        try {
            store.lastChanges().forEach((key, change) -> out.put(key,
                    new ComponentState(change.status(), change.reason(), change.at(), change.at())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not read the last known states; starting without them");
        }
        return out;
    }

    public void sampled(String componentKey, Sample sample) {
        Instant minute = Instant.ofEpochMilli(Math.floorDiv(sample.at().toEpochMilli(), 60_000L) * 60_000L);
        MinuteBucket finished = null;
        synchronized (currentMinute) {
            ComponentStatus status = shown.getOrDefault(componentKey, ComponentStatus.OPERATIONAL);
            MinuteBucket bucket = currentMinute.get(componentKey);
            if (bucket != null && !bucket.start().equals(minute)) {
                finished = bucket;
                bucket = null;
            }
            if (bucket == null) {
                bucket = new MinuteBucket(componentKey, minute, 0, 0, status);
            }
            currentMinute.put(componentKey, new MinuteBucket(componentKey, minute, bucket.samples() + 1,
                    bucket.failures() + (sample.ok() ? 0 : 1), status.worseThan(bucket.worst()) ? status : bucket.worst()));
        }
        if (finished != null) {
            MinuteBucket done = finished;
            write(() -> store.addMinute(done));
        }
    }

    public void changed(ComponentChange change) {
        synchronized (currentMinute) {
            shown.put(change.component().key(), change.to().status());
            MinuteBucket bucket = currentMinute.get(change.component().key());
            if (bucket != null && change.to().status().worseThan(bucket.worst())) {
                currentMinute.put(bucket.componentKey(), new MinuteBucket(bucket.componentKey(), bucket.start(),
                        bucket.samples(), bucket.failures(), change.to().status()));
            }
        }
        StateChange row = new StateChange(change.component().key(), change.component().name(), change.to().status(),
                change.from(), change.to().reason(), change.to().since());
        write(() -> store.recordChange(row));
    }

    /** Runs a write on the writer thread, in submission order. */
    public void write(Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "history write failed; the page keeps serving from memory");
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("history writer stopped; dropped a write: %s", e.getMessage());
        }
    }

    /** Per-minute buckets since {@code from}, the current unfinished minute included. */
    public List<MinuteBucket> minutes(String componentKey, Instant from) {
        List<MinuteBucket> out = new ArrayList<>(readOr(() -> store.minutes(componentKey, from)));
        MinuteBucket current;
        synchronized (currentMinute) {
            current = currentMinute.get(componentKey);
        }
        if (current != null) {
            out.removeIf(b -> b.start().equals(current.start()));
            out.add(current);
        }
        return out;
    }

    public List<MinuteBucket> days(String componentKey, Instant from) {
        return readOr(() -> store.days(componentKey, from));
    }

    public List<StateChange> changes(int limit) {
        return readOr(() -> store.changes(limit));
    }

    private static <T> List<T> readOr(Supplier<List<T>> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "history read failed");
            return List.of();
        }
    }

    @PreDestroy
    void flush() {
        List<MinuteBucket> pending;
        synchronized (currentMinute) {
            pending = new ArrayList<>(currentMinute.values());
            currentMinute.clear();
        }
        for (MinuteBucket bucket : pending) {
            write(() -> store.addMinute(bucket));
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("history writer did not finish within 5s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
