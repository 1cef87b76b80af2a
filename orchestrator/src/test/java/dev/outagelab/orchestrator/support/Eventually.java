package dev.outagelab.orchestrator.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; tests wait with this, never with a bare sleep. */
public final class Eventually {

    private Eventually() {
    }

    /** Returns how long the condition took; fails the test with {@code what} after {@code within}. */
    public static Duration await(String what, Duration within, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    public static <T> T value(String what, Duration within, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        await(what, within, () -> {
            holder[0] = supplier.get();
            return holder[0] != null;
        });
        @SuppressWarnings("unchecked")
        T result = (T) holder[0];
        return result;
    }
}
