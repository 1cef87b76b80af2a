package dev.outagelab.lab.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private static final Duration CRASHED_AT_ONCE = Duration.ofSeconds(2);

    @Test
    void doublesFromOneSecondAndCapsAtThirty() {
        Backoff backoff = new Backoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.next(CRASHED_AT_ONCE).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L), delays);
    }

    @Test
    void aProcessThatRanAMinuteRestartsAfterOneSecondAgain() {
        Backoff backoff = new Backoff();
        backoff.next(CRASHED_AT_ONCE);
        backoff.next(CRASHED_AT_ONCE);
        assertEquals(Duration.ofSeconds(4), backoff.next(Duration.ofSeconds(59)));
        assertEquals(Duration.ofSeconds(1), backoff.next(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(2), backoff.next(CRASHED_AT_ONCE));
    }

    @Test
    void resetStartsOver() {
        Backoff backoff = new Backoff();
        backoff.next(CRASHED_AT_ONCE);
        backoff.next(CRASHED_AT_ONCE);
        backoff.reset();
        assertEquals(Duration.ofSeconds(1), backoff.next(CRASHED_AT_ONCE));
    }
}
