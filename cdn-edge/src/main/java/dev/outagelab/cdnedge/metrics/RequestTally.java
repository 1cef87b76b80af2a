package dev.outagelab.cdnedge.metrics;

import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

/** Requests this edge answered and how many were 5xx, read by staged activation to judge a new config. */
@Singleton
public class RequestTally {

    /** Counts at one moment; subtract two to get a window. */
    public record Counts(long requests, long errors) {
        public Counts minus(Counts earlier) {
            return new Counts(requests - earlier.requests, errors - earlier.errors);
        }

        public double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    public void record(int status) {
        requests.increment();
        if (status >= 500) {
            errors.increment();
        }
    }

    public Counts now() {
        return new Counts(requests.sum(), errors.sum());
    }
}
