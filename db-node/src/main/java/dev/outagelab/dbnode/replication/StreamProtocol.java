package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.binlog.EventCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The replication wire protocol, on the source's app port, every request with {@code Authorization: Bearer
 * <admin token>} (the replication credential):
 *
 * <ul>
 * <li>{@code POST /replication/binlog} with {@code {"replicaUuid", "replicaName", "gtidExecuted"}} answers 200
 * with a chunked body that never ends on its own: a sequence of records, each a type byte and its payload.
 * {@code 'E'} is one event the replica lacks, as the binlog frame exactly as it lies on disk
 * ({@code length u32 | crc32c u32 | body}, see {@link EventCodec}), in the source's log order; {@code 'H'} is a
 * heartbeat, {@code source-time-millis i64 | bytes-pending i64} (bytes of the source's binlog the stream has not
 * read yet; 0 once caught up), sent after every chunk of events and at least every
 * {@code db.replication.heartbeat-interval} on an idle stream. Headers: {@code X-Server-Uuid} (the source's
 * uuid), {@code X-Semi-Sync} ({@code true} when the source wants acknowledgements).</li>
 * <li>{@code POST /replication/ack} with {@code {"replicaUuid", "gtidExecuted"}}: the replica has durably
 * written everything in that set (semi-sync); 204.</li>
 * <li>{@code GET /replication/status}: {@code {"uuid", "name", "role", "url", "gtidExecuted"}}, what
 * {@code replicate-from} and the split-brain ledger ask another node.</li>
 * </ul>
 */
public final class StreamProtocol {

    public static final String STREAM_PATH = "/replication/binlog";
    public static final String ACK_PATH = "/replication/ack";
    public static final String STATUS_PATH = "/replication/status";
    public static final String CONTENT_TYPE = "application/vnd.outagelab.binlog-stream";
    public static final String SERVER_UUID_HEADER = "X-Server-Uuid";
    public static final String SEMI_SYNC_HEADER = "X-Semi-Sync";

    static final byte EVENT = 'E';
    static final byte HEARTBEAT = 'H';

    private StreamProtocol() {
    }

    /** One record read from a stream. */
    public sealed interface Record permits Event, Heartbeat {
    }

    public record Event(BinlogEvent event) implements Record {
    }

    public record Heartbeat(long sourceTimeMillis, long pendingBytes) implements Record {
    }

    static void writeEvent(DataOutputStream out, BinlogEvent event) throws IOException {
        ByteBuffer frame = EventCodec.encode(event);
        out.writeByte(EVENT);
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    }

    static void writeHeartbeat(DataOutputStream out, long sourceTimeMillis, long pendingBytes) throws IOException {
        out.writeByte(HEARTBEAT);
        out.writeLong(sourceTimeMillis);
        out.writeLong(pendingBytes);
    }

    /**
     * Reads the next record, checking each event's checksum.
     *
     * @throws EOFException when the source ended the stream
     * @throws IOException on anything that is not a well-formed record
     */
    public static Record read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the source ended the stream");
        }
        if (type == HEARTBEAT) {
            return new Heartbeat(in.readLong(), in.readLong());
        }
        if (type != EVENT) {
            throw new IOException("unknown record type " + type + " in the replication stream");
        }
        int length = in.readInt();
        if (length <= 0 || length > EventCodec.MAX_BODY_BYTES) {
            throw new IOException("impossible event length " + length + " in the replication stream");
        }
        int checksum = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        try {
            return new Event(EventCodec.decodeChecked(body, checksum));
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged event in the replication stream: " + e.getMessage(), e);
        }
    }
}
