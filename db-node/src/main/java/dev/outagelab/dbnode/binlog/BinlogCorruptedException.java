package dev.outagelab.dbnode.binlog;

import java.nio.file.Path;

/**
 * The binlog holds bytes that are not a torn tail: a bad checksum or garbage with more data after it. Opening
 * stops here rather than guess, because skipping an event would silently lose an acknowledged write.
 */
public final class BinlogCorruptedException extends RuntimeException {

    private final Path file;
    private final long offset;

    public BinlogCorruptedException(Path file, long offset, String reason) {
        super("binlog corrupted in " + file + " at byte offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
