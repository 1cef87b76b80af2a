package dev.outagelab.dbnode.retention;

import dev.outagelab.dbnode.binlog.SegmentInfo;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Decides how many of the oldest segments to purge. A segment goes only when all of these hold, checked oldest
 * first and stopping at the first segment that must stay (segments are purged in order, never with gaps):
 * the policy wants it gone (age or size), the snapshots no longer need it, and every pinning replica has
 * executed every GTID in it.
 */
public final class RetentionPlanner {

    /** Purge every segment before {@code purgeBefore}; {@code keptBecause} says why the next one stays. */
    public record Plan(long purgeBefore, int segments, String keptBecause) {
    }

    private RetentionPlanner() {
    }

    /**
     * @param closed     the closed segments, oldest first (never the one being written)
     * @param totalBytes the whole binlog's size
     * @param neededFrom the first segment the snapshots need (empty: all of them)
     * @param gtidsIn    the GTIDs of a closed segment
     */
    public static Plan plan(RetentionPolicy policy, List<SegmentInfo> closed, long totalBytes, OptionalLong neededFrom,
            List<ReplicaPin> pins, LongFunction<GtidSet> gtidsIn, Instant now) {
        long remaining = totalBytes;
        long purgeBefore = closed.isEmpty() ? 0 : closed.get(0).segment();
        int count = 0;
        String kept = "no closed segment left";
        for (SegmentInfo segment : closed) {
            boolean expired = policy.maxAge().isPresent()
                    && segment.lastModified().plus(policy.maxAge().get()).isBefore(now);
            boolean oversize = policy.maxSizeBytes().isPresent() && remaining > policy.maxSizeBytes().getAsLong();
            String name = "segment " + segment.segment();
            if (!expired && !oversize) {
                kept = name + " is within the retention policy";
                break;
            }
            if (neededFrom.isEmpty() || segment.segment() >= neededFrom.getAsLong()) {
                kept = name + " is needed to rebuild the state from the older kept snapshot";
                break;
            }
            String pinnedBy = null;
            GtidSet gtids = gtidsIn.apply(segment.segment());
            for (ReplicaPin pin : pins) {
                if (!pin.executed().containsAll(gtids)) {
                    pinnedBy = pin.replica();
                    break;
                }
            }
            if (pinnedBy != null) {
                kept = name + " holds events replica " + pinnedBy + " has not executed yet";
                break;
            }
            remaining -= segment.sizeBytes();
            purgeBefore = segment.segment() + 1;
            count++;
        }
        return new Plan(purgeBefore, count, kept);
    }
}
