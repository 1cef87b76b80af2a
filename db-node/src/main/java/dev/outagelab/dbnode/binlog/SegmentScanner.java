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
            // A crash after the file grew but before its data landed leaves zeros: a torn tail, not damage.
            return new ScanStep.Incomplete(offset, "zero-filled tail of " + remaining + " bytes");
        }
        if (bodyLength < EventCodec.FIXED_BODY_BYTES || bodyLength > EventCodec.MAX_BODY_BYTES) {
            return new ScanStep.Damaged(offset, "impossible event length " + Integer.toUnsignedString(bodyLength));
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
            return next == limit
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
        for (long i = 0; i < available; i++) {
            if (in.read() != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
