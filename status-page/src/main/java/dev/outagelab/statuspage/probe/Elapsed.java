package dev.outagelab.statuspage.probe;

import java.time.Clock;
import java.time.Duration;

import dev.outagelab.statuspage.core.Sample;

/** A stopwatch started when a check starts, turning its ending into a {@link Sample}. */
final class Elapsed {

    private final Clock clock;
    private final long startNanos = System.nanoTime();

    Elapsed(Clock clock) {
        this.clock = clock;
    }

    Duration latency() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    Sample ok(String source) {
        return new Sample(Sample.Kind.SYNTHETIC, source, clock.instant(), true, latency(), null);
    }

    Sample failed(String source, String reason) {
        return new Sample(Sample.Kind.SYNTHETIC, source, clock.instant(), false, latency(), shorten(reason));
    }

    static String shorten(String text) {
        if (text == null) {
            return "failed";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 159) + "…";
    }
}
