package dev.outagelab.dnsresolver.capacity;

import static dev.outagelab.dnsresolver.capacity.CapacityLimiter.Verdict.ADMITTED;
import static dev.outagelab.dnsresolver.capacity.CapacityLimiter.Verdict.OVER_CONCURRENCY;
import static dev.outagelab.dnsresolver.capacity.CapacityLimiter.Verdict.OVER_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The limiter alone, on a clock the test moves, so rates are exact and nothing sleeps. */
class CapacityLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000L);

    @Test
    void zeroMeansUnlimited() {
        CapacityLimiter limiter = new CapacityLimiter(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(ADMITTED, limiter.tryAcquire());
        }
        assertEquals(10_000, limiter.inFlight());
    }

    @Test
    void queriesBeyondTheConcurrencyLimitAreRefusedUntilASlotIsReleased() {
        CapacityLimiter limiter = new CapacityLimiter(3, 0, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(ADMITTED, limiter.tryAcquire());
        }
        assertEquals(OVER_CONCURRENCY, limiter.tryAcquire());
        assertEquals(OVER_CONCURRENCY, limiter.tryAcquire(), "refusals do not take a slot or free one");
        limiter.release();
        assertEquals(ADMITTED, limiter.tryAcquire());
        assertEquals(3, limiter.inFlight());
    }

    @Test
    void aBurstOfOneSecondsWorthIsAdmittedThenTheRateRefills() {
        CapacityLimiter limiter = new CapacityLimiter(0, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(ADMITTED, limiter.tryAcquire());
            limiter.release();
        }
        assertEquals(OVER_RATE, limiter.tryAcquire());
        advance(199);
        assertEquals(OVER_RATE, limiter.tryAcquire(), "a fifth of a second earns one query, not before");
        advance(1);
        assertEquals(ADMITTED, limiter.tryAcquire());
        assertEquals(OVER_RATE, limiter.tryAcquire());
    }

    @Test
    void aLongIdleSpellRefillsOnlyTheBurst() {
        CapacityLimiter limiter = new CapacityLimiter(0, 2, now::get);
        advance(TimeUnit.DAYS.toMillis(365));
        int admitted = 0;
        while (limiter.tryAcquire() == ADMITTED) {
            admitted++;
            assertTrue(admitted <= 2, "no more than the burst after a year idle");
        }
        assertEquals(2, admitted);
    }

    @Test
    void overASecondTheRateHoldsAtTheLimit() {
        CapacityLimiter limiter = new CapacityLimiter(0, 100, now::get);
        while (limiter.tryAcquire() == ADMITTED) {
            limiter.release();
        }
        int admitted = 0;
        for (int ms = 0; ms < 1000; ms++) {
            advance(1);
            // a client far above the limit: ten attempts a millisecond
            for (int i = 0; i < 10; i++) {
                if (limiter.tryAcquire() == ADMITTED) {
                    admitted++;
                    limiter.release();
                }
            }
        }
        assertEquals(100, admitted);
    }

    @Test
    void aRateRefusalGivesBackNothingAndConcurrencyIsCheckedFirst() {
        CapacityLimiter limiter = new CapacityLimiter(1, 10, now::get);
        assertEquals(ADMITTED, limiter.tryAcquire());
        assertEquals(OVER_CONCURRENCY, limiter.tryAcquire(), "a full instance does not spend rate tokens");
        limiter.release();
        for (int i = 0; i < 9; i++) {
            assertEquals(ADMITTED, limiter.tryAcquire());
            limiter.release();
        }
        assertEquals(OVER_RATE, limiter.tryAcquire());
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void negativeSettingsAreRejectedNamingTheKey() {
        IllegalArgumentException concurrent = assertThrows(IllegalArgumentException.class,
                () -> new CapacityLimiter(-1, 0, now::get));
        assertTrue(concurrent.getMessage().contains("dns.capacity.max-concurrent"));
        IllegalArgumentException qps = assertThrows(IllegalArgumentException.class,
                () -> new CapacityLimiter(0, -1, now::get));
        assertTrue(qps.getMessage().contains("dns.capacity.qps"));
    }

    @Test
    void releasingMoreThanWasAcquiredIsABug() {
        CapacityLimiter limiter = new CapacityLimiter(2, 0, now::get);
        assertThrows(IllegalStateException.class, limiter::release);
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
