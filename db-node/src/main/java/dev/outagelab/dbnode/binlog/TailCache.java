package dev.outagelab.dbnode.binlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The newest durable events, kept in memory so that readers tailing the log (every replica's stream) take them
 * from here instead of opening the segment, reading and checking each event again. Bounded by a number of events
 * and by their bytes on disk; a reader whose position has fallen out of it reads the files as before.
 */
final class TailCache {

    private final LoggedEvent[] ring;
    private final int[] frameBytes;
    private final long maxBytes;
    /** Index of the oldest cached event, and how many there are. */
    private int oldest;
    private int count;
    private long bytes;

    TailCache(int maxEvents, long maxBytes) {
        this.ring = new LoggedEvent[maxEvents];
        this.frameBytes = new int[maxEvents];
        this.maxBytes = maxBytes;
    }

    /** Adds a durable event, the newest; called in log order by the commit thread. */
    synchronized void add(LoggedEvent event) {
        int size = (int) Math.min(Integer.MAX_VALUE, event.next().offset() - event.position().offset());
        if (size > maxBytes) {
            clear(); // too big to keep: readers past it go to the file
            return;
        }
        while (count == ring.length || bytes + size > maxBytes) {
            bytes -= frameBytes[oldest];
            ring[oldest] = null;
            oldest = (oldest + 1) % ring.length;
            count--;
        }
        int slot = (oldest + count) % ring.length;
        ring[slot] = event;
        frameBytes[slot] = size;
        bytes += size;
        count++;
    }

    synchronized void clear() {
        Arrays.fill(ring, null);
        oldest = 0;
        count = 0;
        bytes = 0;
    }

    /**
     * The cached events from {@code from} on, in log order; empty when the cache cannot say (nothing cached, or
     * {@code from} is older than the oldest cached event or not an event boundary it knows), so the reader goes
     * to the files, which also explain a bad position.
     */
    synchronized Optional<List<LoggedEvent>> from(BinlogPosition from) {
        if (count == 0 || from.compareTo(at(0).position()) < 0 || from.compareTo(at(count - 1).next()) > 0) {
            return Optional.empty();
        }
        int first = firstAtOrAfter(from);
        // A boundary is either an event's own position, or the end of the event before it (the two differ only
        // where a segment ends: the next event starts after the new segment's header).
        boolean boundary = first < count && at(first).position().equals(from)
                || first > 0 && at(first - 1).next().equals(from);
        if (!boundary) {
            return Optional.empty();
        }
        List<LoggedEvent> events = new ArrayList<>(count - first);
        for (int i = first; i < count; i++) {
            events.add(at(i));
        }
        return Optional.of(events);
    }

    /** The index of the first cached event that starts at or after {@code from} ({@code count} if none). */
    private int firstAtOrAfter(BinlogPosition from) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (at(middle).position().compareTo(from) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private LoggedEvent at(int index) {
        return ring[(oldest + index) % ring.length];
    }
}
