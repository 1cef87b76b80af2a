package dev.outagelab.statuspage.core;

/**
 * Keeps a component from flapping: a worse status is adopted only after the rules have said "worse" on
 * {@code worsenAfter} consecutive evaluations, a better one after {@code improveAfter}. Getting worse is
 * quicker than getting better on purpose: a page that is slow to go red is the failure GitHub had in 2018,
 * a page that flickers green during an outage is the one readers stop trusting.
 */
public final class Hysteresis {

    private final int worsenAfter;
    private final int improveAfter;
    private Verdict current;
    private int streak;
    private boolean streakWorse;

    public Hysteresis(int worsenAfter, int improveAfter) {
        this.worsenAfter = Math.max(1, worsenAfter);
        this.improveAfter = Math.max(1, improveAfter);
    }

    /** Starts from a known status, e.g. the last one on disk, instead of from nothing. */
    public Hysteresis startingAt(Verdict verdict) {
        this.current = verdict;
        return this;
    }

    public Verdict current() {
        return current;
    }

    /** Feeds one evaluation; returns the status to show now (null only before anything was judged). */
    public Verdict next(Verdict raw) {
        if (raw == null) {
            return current;
        }
        if (current == null) {
            // The first verdict has nothing to flap from.
            current = raw;
            streak = 0;
            return current;
        }
        if (raw.status() == current.status()) {
            current = raw; // same status, fresher reason
            streak = 0;
            return current;
        }
        boolean worse = raw.status().worseThan(current.status());
        streak = worse == streakWorse ? streak + 1 : 1;
        streakWorse = worse;
        if (streak >= (worse ? worsenAfter : improveAfter)) {
            current = raw;
            streak = 0;
        }
        return current;
    }
}
