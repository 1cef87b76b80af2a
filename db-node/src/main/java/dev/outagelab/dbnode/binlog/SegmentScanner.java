package dev.outagelab.dbnode.binlog;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads event frames one after another from a byte range of one segment file and says, for each, whether it is
 * a good event, the clean end, an incomplete frame, or damage. Deciding whether "incomplete" is a torn tail or
 * corruption is the caller's job, since only the caller knows if this is the end of the last segment.
 */
final class SegmentScanner implements Closeable {

    private final FileChannel channel;
    private final DataInputStream in;
    private final long limit;
    private long offset;

    SegmentScanner(Path file, long start, long limit) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(start);
        // Channels.newInputStream reads from the channel's own position; the buffer saves a syscall per field.
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024));
        this.offset = start;
        this.limit = limit;
    }

    ScanStep next() throws IOException {
        long remaining = limit - offset;
        if (remaining == 0) {
            return new ScanStep.End(offset);
        }
        if (remaining < EventCodec.FRAME_HEADER_BYTES) {
            return new ScanStep.Incomplete(offset, "only " + remaining + " bytes left, less than an event header");
        }
        int bodyLength = in.readInt();
        int storedChecksum = in.readInt();
        long available = remaining - EventCodec.FRAME_HEADER_BYTES;
        if (bodyLength == 0 && storedChecksum == 0 && restIsZero(available)) {
            // The space the writer grew the file by and never filled (or, after a power cut, filled but never
            // synced): the log ends here.
            return new ScanStep.Incomplete(offset, "zero-filled tail of " + remaining + " bytes");
        }
        if (bodyLength < EventCodec.FIXED_BODY_BYTES || bodyLength > EventCodec.MAX_BODY_BYTES) {
            String reason = "impossible event length " + Integer.toUnsignedString(bodyLength);
            // Only zeros after the header: a frame a power cut tore in the file's zero-filled space.
            return restIsZero(available) ? new ScanStep.Incomplete(offset, reason + ", then only zeros")
                    : new ScanStep.Damaged(offset, reason);
        }
        if (bodyLength > available) {
            return new ScanStep.Incomplete(offset,
                    "event of " + bodyLength + " bytes but only " + available + " bytes left");
        }
        byte[] body = in.readNBytes(bodyLength);
        if (body.length != bodyLength) {
            throw new IOException("segment shrank while being read at offset " + offset);
        }
        long next = offset + EventCodec.FRAME_HEADER_BYTES + bodyLength;
        if (EventCodec.checksum(body, 0, bodyLength) != storedChecksum) {
            // A bad checksum on the very last bytes may be a torn write; anywhere else it is damage.
            return next == limit || restIsZero(limit - next)
                    ? new ScanStep.Incomplete(offset, "checksum mismatch in the last event")
                    : new ScanStep.Damaged(offset, "checksum mismatch (CRC32C)");
        }
        BinlogEvent event;
        try {
            event = EventCodec.decodeBody(body);
        } catch (IllegalArgumentException e) {
            // The checksum matched, so these bytes are what was written: a writer bug, never a torn write.
            return new ScanStep.Damaged(offset, "undecodable event: " + e.getMessage());
        }
        long start = offset;
        offset = next;
        return new ScanStep.Event(event, start, next);
    }

    /** Consumes the rest of the range; fine, because scanning ends at any step that is not an event. */
    private boolean restIsZero(long available) throws IOException {
        byte[] block = new byte[64 * 1024];
        long left = available;
        while (left > 0) {
            int read = in.read(block, 0, (int) Math.min(block.length, left));
            if (read < 0) {
                return true; // the file is shorter than the range: nothing non-zero follows
            }
            for (int i = 0; i < read; i++) {
                if (block[i] != 0) {
                    return false;
                }
            }
            left -= read;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
