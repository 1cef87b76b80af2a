package dev.outagelab.dbnode.binlog;

/** What a {@link SegmentScanner} found at one offset of a segment. */
sealed interface ScanStep {

    /** A whole, checksummed event from {@code offset} to {@code nextOffset}. */
    record Event(BinlogEvent event, long offset, long nextOffset) implements ScanStep {
    }

    /** The scanned range ended exactly on an event boundary. */
    record End(long offset) implements ScanStep {
    }

    /** The bytes from {@code offset} on could be a write cut short by a crash, if nothing follows them. */
    record Incomplete(long offset, String reason) implements ScanStep {
    }

    /** The bytes at {@code offset} are damaged whatever follows them. */
    record Damaged(long offset, String reason) implements ScanStep {
    }
}
