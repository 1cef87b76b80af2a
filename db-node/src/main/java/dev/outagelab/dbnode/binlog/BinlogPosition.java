package dev.outagelab.dbnode.binlog;

/**
 * A place in the binlog: a segment number ({@code binlog.000007} is 7) and a byte offset in that file.
 * Positions order like the log itself, so a reader can resume from the one after the last event it saw.
 */
public record BinlogPosition(long segment, long offset) implements Comparable<BinlogPosition> {

    public BinlogPosition {
        if (segment < 1 || offset < 0) {
            throw new IllegalArgumentException("invalid binlog position " + segment + "/" + offset);
        }
    }

    @Override
    public int compareTo(BinlogPosition other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return SegmentFiles.fileName(segment) + ":" + offset;
    }
}
