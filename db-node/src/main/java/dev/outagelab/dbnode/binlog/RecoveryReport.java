package dev.outagelab.dbnode.binlog;

import java.util.Optional;

/** What opening the binlog found: how many events and segments, where it ends, and any torn tail it removed. */
public record RecoveryReport(long events, long segments, BinlogPosition end, Optional<TruncatedTail> truncatedTail) {
}
