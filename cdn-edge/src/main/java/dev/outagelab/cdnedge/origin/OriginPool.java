package dev.outagelab.cdnedge.origin;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The bulkhead for one origin: at most {@code max} requests in flight, the rest wait in line for a free slot. With
 * {@code maxWait} zero they wait forever, as the Black Friday front end's pool did; otherwise a request that waited
 * that long fails with 503 at once instead of piling up. Waiting never holds a thread: a waiter is a promise.
 */
final class OriginPool {

    private final String origin;
    private final int max;
    private final Duration maxWait;
    private final Vertx vertx;
    private final Deque<Promise<Void>> waiting = new ArrayDeque<>();
    private int inUse;

    OriginPool(String origin, int max, Duration maxWait, Vertx vertx) {
        this.origin = origin;
        this.max = max;
        this.maxWait = maxWait;
        this.vertx = vertx;
    }

    /** Completes when the caller holds a slot; the caller must {@link #release()} it exactly once. */
    Future<Void> acquire() {
        Promise<Void> slot = Promise.promise();
        synchronized (this) {
            if (inUse < max) {
                inUse++;
                return Future.succeededFuture();
            }
            waiting.addLast(slot);
        }
        if (!maxWait.isZero()) {
            vertx.setTimer(maxWait.toMillis(), id -> {
                boolean removed;
                synchronized (this) {
                    removed = waiting.remove(slot);
                }
                if (removed) {
                    slot.tryFail(new OriginFailure(OriginFailure.Kind.POOL_EXHAUSTED, "no free connection to "
                            + origin + " within " + maxWait.toMillis() + " ms (" + max + " in use)"));
                }
            });
        }
        return slot.future();
    }

    void release() {
        Promise<Void> next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inUse--;
                return;
            }
        }
        // The slot passes straight to the next waiter; inUse stays the same.
        next.complete();
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    int max() {
        return max;
    }
}
