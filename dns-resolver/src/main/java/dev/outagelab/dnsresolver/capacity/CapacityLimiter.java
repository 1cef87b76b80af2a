package dev.outagelab.dnsresolver.capacity;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission control for one instance: at most {@code maxConcurrent} queries in progress (received but not yet
 * answered) and at most {@code qps} admitted per second, with a burst of one second's worth. Zero means no limit
 * for either. The clock is a nanosecond source so tests can drive time instead of sleeping.
 */
public final class CapacityLimiter {

    /** Why a query was or was not admitted; the rejections label the shed metric. */
    public enum Verdict {
        ADMITTED(null),
        OVER_CONCURRENCY("concurrency"),
        OVER_RATE("rate");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int maxConcurrent;
    private final int qps;
    private final LongSupplier nanoClock;
    private int inFlight;
    /** Tokens in the bucket, in units of 1/NANOS_PER_SECOND of a query, so refill stays exact integer math. */
    private long bucket;
    private long lastRefill;

    public CapacityLimiter(int maxConcurrent, int qps, LongSupplier nanoClock) {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("dns.capacity.max-concurrent must be 0 (unlimited) or more, was "
                    + maxConcurrent);
        }
        if (qps < 0) {
            throw new IllegalArgumentException("dns.capacity.qps must be 0 (unlimited) or more, was " + qps);
        }
        this.maxConcurrent = maxConcurrent;
        this.qps = qps;
        this.nanoClock = nanoClock;
        this.lastRefill = nanoClock.getAsLong();
        this.bucket = burstCapacity();
    }

    /** On {@link Verdict#ADMITTED} the caller owns one slot and must {@link #release()} it exactly once. */
    public synchronized Verdict tryAcquire() {
        if (maxConcurrent > 0 && inFlight >= maxConcurrent) {
            return Verdict.OVER_CONCURRENCY;
        }
        if (qps > 0) {
            refill();
            if (bucket < NANOS_PER_SECOND) {
                return Verdict.OVER_RATE;
            }
            bucket -= NANOS_PER_SECOND;
        }
        inFlight++;
        return Verdict.ADMITTED;
    }

    public synchronized void release() {
        if (inFlight == 0) {
            throw new IllegalStateException("released more slots than were acquired");
        }
        inFlight--;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int qps() {
        return qps;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = Math.max(0, now - lastRefill);
        lastRefill = now;
        // A second or more refills the whole burst; below that elapsed * qps stays far from overflowing a long.
        long added = elapsed >= NANOS_PER_SECOND ? burstCapacity() : elapsed * qps;
        bucket = Math.min(burstCapacity(), bucket + added);
    }

    /** One second's worth of queries, so a client's short burst at the average rate is not punished. */
    private long burstCapacity() {
        return (long) qps * NANOS_PER_SECOND;
    }
}
