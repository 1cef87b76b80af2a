package dev.outagelab.dbnode.replication;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Semi-synchronous replication on a primary, as MySQL does it: a write is answered only once one replica has
 * acknowledged that it durably wrote the write's event. When no acknowledgement comes within the timeout, the
 * primary answers anyway and switches to async (counted and logged), so a lost replica cannot stop the writes;
 * it switches back on when a replica acknowledges everything the primary has executed, i.e. has caught up.
 *
 * <p>A write is visible to readers on the primary before it is acknowledged (MySQL's {@code AFTER_COMMIT} wait
 * point): what semi-sync promises is that an answered write is on a replica's disk too.
 */
public final class SemiSyncGate {

    private static final Logger LOG = Logger.getLogger(SemiSyncGate.class);

    /** How one write's wait ended; the KV API reports it with the write. */
    public enum Outcome {
        /** A replica has it. */
        ACKNOWLEDGED("acknowledged"),
        /** Nobody acknowledged it in time: this write made the primary fall back to async. */
        TIMED_OUT("timed-out"),
        /** Semi-sync is off (disabled, or after a fallback): the write did not wait. */
        ASYNC("async");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Times out waiting writes for every gate; a daemon, since a gate has no end of its own. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "semi-sync-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** A write waiting for a replica. */
    private record Waiter(Gtid gtid, long deadlineNanos, CompletableFuture<Outcome> done) {
    }

    private final boolean enabled;
    private final Duration timeout;
    private final Supplier<GtidSet> executed;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<UUID, GtidSet> acknowledged = new LinkedHashMap<>();
    private final Map<UUID, Instant> lastAckAt = new LinkedHashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean timerArmed;
    private volatile boolean active;
    private long fallbacks;
    private Instant lastFallbackAt;

    /** @param executed the primary's executed set, to tell when a replica has caught up */
    public SemiSyncGate(boolean enabled, Duration timeout, Supplier<GtidSet> executed, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("db.semi-sync.timeout must be positive, was " + timeout);
        }
        this.enabled = enabled;
        this.timeout = timeout;
        this.executed = executed;
        this.clock = clock;
        this.active = enabled;
    }

    /** Waits until a replica has acknowledged {@code gtid}, or the timeout made the primary fall back to async. */
    public Outcome await(Gtid gtid) throws InterruptedException {
        try {
            return awaitAsync(gtid).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a semi-sync wait failed", e.getCause());
        }
    }

    /**
     * As {@link #await}, without holding a thread: the future completes (on the thread that delivers the
     * acknowledgement, or on the gate's timer) once a replica has acknowledged {@code gtid}, or once the timeout
     * made the primary fall back to async. The write path uses this, so a thousand waiting writes are a thousand
     * small objects, not a thousand parked threads.
     */
    public CompletableFuture<Outcome> awaitAsync(Gtid gtid) {
        if (!active) {
            return CompletableFuture.completedFuture(Outcome.ASYNC);
        }
        synchronized (lock) {
            if (!active) {
                return CompletableFuture.completedFuture(Outcome.ASYNC);
            }
            if (acknowledgedByAny(gtid)) {
                return CompletableFuture.completedFuture(Outcome.ACKNOWLEDGED);
            }
            Waiter waiter = new Waiter(gtid, System.nanoTime() + timeout.toNanos(), new CompletableFuture<>());
            waiters.add(waiter);
            if (!timerArmed) {
                scheduleTimeoutCheck(waiter.deadlineNanos());
            }
            return waiter.done();
        }
    }

    /**
     * Every waiter has the same timeout and joins the queue in order, so the oldest waiter's deadline is the next
     * one due; one timer at a time watches it (armed no later than that deadline, it re-arms itself when early).
     * Called under the lock.
     */
    private void scheduleTimeoutCheck(long deadlineNanos) {
        timerArmed = true;
        TIMER.schedule(this::checkTimeouts, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void checkTimeouts() {
        Waiter timedOut;
        List<Waiter> released;
        synchronized (lock) {
            timerArmed = false;
            Waiter oldest = waiters.peekFirst();
            if (oldest == null) {
                return;
            }
            if (oldest.deadlineNanos() - System.nanoTime() > 0) {
                scheduleTimeoutCheck(oldest.deadlineNanos());
                return;
            }
            fallBack(oldest.gtid());
            timedOut = waiters.pollFirst();
            released = new ArrayList<>(waiters);
            waiters.clear();
        }
        // MySQL releases every waiter when it switches off: the one that timed out says so, the rest are async.
        // Completed outside the lock: each completion answers a client, and that must not hold up the gate.
        timedOut.done().complete(Outcome.TIMED_OUT);
        released.forEach(waiter -> waiter.done().complete(Outcome.ASYNC));
    }

    /** Takes, in order, every waiter whose GTID some replica has now acknowledged. Called under the lock. */
    private List<Waiter> takeAcknowledged() {
        List<Waiter> acknowledgedNow = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter waiter = it.next();
            if (acknowledgedByAny(waiter.gtid())) {
                it.remove();
                acknowledgedNow.add(waiter);
            }
        }
        return acknowledgedNow;
    }

    private boolean acknowledgedByAny(Gtid gtid) {
        for (GtidSet set : acknowledged.values()) {
            if (set.contains(gtid)) {
                return true;
            }
        }
        return false;
    }

    private void fallBack(Gtid gtid) {
        active = false;
        fallbacks++;
        lastFallbackAt = clock.instant();
        LOG.warnf("semi-sync: no replica acknowledged %s within %d ms; falling back to async replication "
                + "(fallback #%d); writes no longer wait for a replica until one catches up", gtid,
                timeout.toMillis(), fallbacks);
    }

    /** A replica durably holds every GTID in {@code replicaExecuted}. */
    public void acknowledge(UUID replica, GtidSet replicaExecuted) {
        List<Waiter> released;
        synchronized (lock) {
            acknowledged.merge(replica, replicaExecuted, GtidSet::union);
            lastAckAt.put(replica, clock.instant());
            if (enabled && !active && acknowledged.get(replica).containsAll(executed.get())) {
                active = true;
                LOG.infof("semi-sync: replica %s has caught up (%s); writes wait for a replica again", replica,
                        replicaExecuted);
            }
            released = takeAcknowledged();
        }
        released.forEach(waiter -> waiter.done().complete(Outcome.ACKNOWLEDGED));
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether writes wait for a replica now: enabled and not fallen back. */
    public boolean active() {
        return active;
    }

    public long fallbacks() {
        synchronized (lock) {
            return fallbacks;
        }
    }

    public Duration timeout() {
        return timeout;
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(enabled, active, fallbacks, timeout.toMillis(), lastFallbackAt,
                    Map.copyOf(acknowledged), Map.copyOf(lastAckAt));
        }
    }

    /** What status shows. */
    public record Snapshot(boolean enabled, boolean active, long fallbacks, long timeoutMillis,
            Instant lastFallbackAt, Map<UUID, GtidSet> acknowledged, Map<UUID, Instant> lastAckAt) {
    }
}
