package dev.outagelab.dbnode.binlog;

import java.nio.file.Path;

/** What recovery cut off the end of the last segment: a write a crash interrupted before its fsync returned. */
public record TruncatedTail(Path file, long offset, long bytesRemoved, String reason) {

    @Override
    public String toString() {
        return "truncated " + bytesRemoved + " bytes of a torn event at " + file + " offset " + offset + " ("
                + reason + ")";
    }
}
