package dev.outagelab.kit.gtid;

import java.util.Arrays;

/**
 * An immutable set of sequence numbers kept as sorted, disjoint, non-adjacent closed intervals, so that
 * millions of consecutive GTIDs cost two longs. Stored flat ({@code [start0, end0, start1, end1, ...]}) to
 * keep the merge loops simple and allocation-free.
 */
final class SeqIntervals {

    static final SeqIntervals EMPTY = new SeqIntervals(new long[0]);

    private final long[] bounds;

    private SeqIntervals(long[] bounds) {
        this.bounds = bounds;
    }

    static SeqIntervals of(long start, long end) {
        if (start < 1 || end < start || end > Gtid.MAX_SEQ) {
            throw new IllegalArgumentException("invalid interval " + start + "-" + end);
        }
        return new SeqIntervals(new long[] {start, end});
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    int intervalCount() {
        return bounds.length / 2;
    }

    long start(int interval) {
        return bounds[2 * interval];
    }

    long end(int interval) {
        return bounds[2 * interval + 1];
    }

    long max() {
        return bounds.length == 0 ? 0 : bounds[bounds.length - 1];
    }

    long count() {
        long total = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            total += bounds[i + 1] - bounds[i] + 1;
        }
        return total;
    }

    boolean contains(long seq) {
        int lo = 0;
        int hi = intervalCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seq < start(mid)) {
                hi = mid - 1;
            } else if (seq > end(mid)) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    boolean containsAll(SeqIntervals other) {
        return other.subtract(this).isEmpty();
    }

    SeqIntervals union(SeqIntervals other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        long[] out = new long[bounds.length + other.bounds.length];
        int size = 0;
        int i = 0;
        int j = 0;
        while (i < intervalCount() || j < other.intervalCount()) {
            long start;
            long end;
            boolean takeMine = j >= other.intervalCount()
                    || (i < intervalCount() && start(i) <= other.start(j));
            if (takeMine) {
                start = start(i);
                end = end(i);
                i++;
            } else {
                start = other.start(j);
                end = other.end(j);
                j++;
            }
            // Merge with the previous interval when they overlap or touch (5-7 and 8-9 become 5-9).
            if (size > 0 && start <= out[size - 1] + 1) {
                out[size - 1] = Math.max(out[size - 1], end);
            } else {
                out[size++] = start;
                out[size++] = end;
            }
        }
        return new SeqIntervals(Arrays.copyOf(out, size));
    }

    SeqIntervals subtract(SeqIntervals other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        // Each removed interval can split one of ours in two, hence the extra room.
        long[] out = new long[bounds.length + other.bounds.length];
        int size = 0;
        int j = 0;
        for (int i = 0; i < intervalCount(); i++) {
            long start = start(i);
            long end = end(i);
            while (j < other.intervalCount() && other.end(j) < start) {
                j++;
            }
            int k = j;
            while (start <= end && k < other.intervalCount() && other.start(k) <= end) {
                if (other.start(k) > start) {
                    out[size++] = start;
                    out[size++] = other.start(k) - 1;
                }
                start = Math.max(start, other.end(k) + 1);
                k++;
            }
            if (start <= end) {
                out[size++] = start;
                out[size++] = end;
            }
        }
        return new SeqIntervals(Arrays.copyOf(out, size));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeqIntervals that && Arrays.equals(bounds, that.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    /** MySQL's form for one server's part of a set: {@code 1-5:7:9-12}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < intervalCount(); i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(start(i));
            if (end(i) != start(i)) {
                text.append('-').append(end(i));
            }
        }
        return text.toString();
    }
}
