package dev.outagelab.dbnode.binlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks every segment on open. The rules: a frame cut short (or with a bad checksum) at the very end of the
 * last segment is a write a crash interrupted, which was never acknowledged, so it is truncated away; anything
 * wrong before that point is corruption, and opening stops without changing a byte.
 */
final class BinlogRecovery {

    private BinlogRecovery() {
    }

    static RecoveryReport recover(Path directory) throws IOException {
        List<Long> segments = SegmentFiles.list(directory);
        if (segments.isEmpty()) {
            SegmentFiles.create(directory, 1).close();
            return new RecoveryReport(0, 1, new BinlogPosition(1, SegmentFiles.HEADER_BYTES), Optional.empty());
        }
        long events = 0;
        long lastSegment = segments.get(segments.size() - 1);
        for (long segment : segments) {
            boolean last = segment == lastSegment;
            Path file = SegmentFiles.path(directory, segment);
            long size = Files.size(file);
            if (!checkHeader(file, size, last)) {
                return truncate(file, 0, size, "segment header cut short", events, segments.size(), segment);
            }
            try (SegmentScanner scanner = new SegmentScanner(file, SegmentFiles.HEADER_BYTES, size)) {
                while (true) {
                    ScanStep step = scanner.next();
                    if (step instanceof ScanStep.Event) {
                        events++;
                    } else if (step instanceof ScanStep.End end) {
                        if (last) {
                            return new RecoveryReport(events, segments.size(),
                                    new BinlogPosition(segment, end.offset()), Optional.empty());
                        }
                        break;
                    } else if (step instanceof ScanStep.Incomplete incomplete) {
                        if (!last) {
                            // Earlier segments were closed with an fsync before the next one was created.
                            throw new BinlogCorruptedException(file, incomplete.offset(),
                                    "segment ends mid-event although a later segment exists: " + incomplete.reason());
                        }
                        return truncate(file, incomplete.offset(), size, incomplete.reason(), events,
                                segments.size(), segment);
                    } else if (step instanceof ScanStep.Damaged damaged) {
                        throw new BinlogCorruptedException(file, damaged.offset(), damaged.reason());
                    }
                }
            }
        }
        throw new IllegalStateException("unreachable: the last segment always returns");
    }

    /** True when the header is intact; false when a crash cut the header of the last segment short. */
    private static boolean checkHeader(Path file, long size, boolean last) throws IOException {
        byte[] header = new byte[(int) Math.min(size, SegmentFiles.HEADER_BYTES)];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the header is in
            }
        }
        boolean prefixMatches = Arrays.equals(header, Arrays.copyOf(SegmentFiles.HEADER, header.length));
        if (!prefixMatches) {
            throw new BinlogCorruptedException(file, 0, "not a binlog segment (bad header)");
        }
        if (header.length < SegmentFiles.HEADER_BYTES) {
            if (!last) {
                throw new BinlogCorruptedException(file, size, "segment header cut short");
            }
            return false;
        }
        return true;
    }

    private static RecoveryReport truncate(Path file, long offset, long size, String reason, long events,
            long segments, long segment) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            if (offset == 0) {
                SegmentFiles.writeHeader(channel);
            }
            channel.force(true);
        }
        long end = Math.max(offset, SegmentFiles.HEADER_BYTES);
        TruncatedTail tail = new TruncatedTail(file, offset, size - offset, reason);
        return new RecoveryReport(events, segments, new BinlogPosition(segment, end), Optional.of(tail));
    }
}
