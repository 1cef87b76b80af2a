package dev.outagelab.dbnode.binlog;

import java.time.Instant;

/** A closed segment, for retention: its number, its size, and when it was last written. */
public record SegmentInfo(long segment, long sizeBytes, Instant lastModified) {
}
