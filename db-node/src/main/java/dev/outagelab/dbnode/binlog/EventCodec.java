package dev.outagelab.dbnode.binlog;

import dev.outagelab.kit.gtid.Gtid;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one event. All integers are big-endian.
 *
 * <pre>
 * frame  = body-length u32 | crc32c(body) u32 | body
 * body   = server-uuid 16 bytes (most, least significant long) | seq i64 | timestamp-millis i64
 *        | operation u8 (1 = PUT, 2 = DELETE) | key-length u32 | key UTF-8 | value (the rest of the body)
 * </pre>
 *
 * The length comes first so a reader knows how far to read before it can check anything; the checksum covers
 * the whole body, so a torn or flipped byte anywhere in it is caught.
 */
public final class EventCodec {

    public static final int FRAME_HEADER_BYTES = 8;
    static final int FIXED_BODY_BYTES = 16 + 8 + 8 + 1 + 4;
    /** A body longer than this is never written, so reading one means the length field itself is damaged. */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private EventCodec() {
    }

    /** The whole frame, ready to write. */
    public static ByteBuffer encode(BinlogEvent event) {
        byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = event.valueUnsafe();
        long bodyLength = (long) FIXED_BODY_BYTES + key.length + value.length;
        if (bodyLength > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("event for key '" + event.key() + "' is " + bodyLength
                    + " bytes; the binlog takes at most " + MAX_BODY_BYTES);
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + (int) bodyLength);
        frame.putInt((int) bodyLength);
        frame.putInt(0); // checksum, filled in once the body is written
        UUID uuid = event.gtid().serverUuid();
        frame.putLong(uuid.getMostSignificantBits());
        frame.putLong(uuid.getLeastSignificantBits());
        frame.putLong(event.gtid().seq());
        frame.putLong(event.timestampMillis());
        frame.put(event.operation().code());
        frame.putInt(key.length);
        frame.put(key);
        frame.put(value);
        frame.putInt(4, checksum(frame.array(), FRAME_HEADER_BYTES, (int) bodyLength));
        return frame.flip();
    }

    static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Decodes a frame's body received from elsewhere (a replication stream), checking it against the frame's
     * checksum first.
     *
     * @throws IllegalArgumentException when the checksum does not match or the body is not a valid event
     */
    public static BinlogEvent decodeChecked(byte[] body, int expectedChecksum) {
        if (checksum(body, 0, body.length) != expectedChecksum) {
            throw new IllegalArgumentException("event of " + body.length + " bytes fails its CRC32C checksum");
        }
        return decodeBody(body);
    }

    /**
     * Decodes a body whose checksum already matched.
     *
     * @throws IllegalArgumentException naming what is wrong, when the body is not a valid event
     */
    static BinlogEvent decodeBody(byte[] body) {
        if (body.length < FIXED_BODY_BYTES) {
            throw new IllegalArgumentException("event body of " + body.length + " bytes is too short");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        UUID uuid = new UUID(in.getLong(), in.getLong());
        long seq = in.getLong();
        long timestamp = in.getLong();
        byte code = in.get();
        Operation operation = Operation.fromCode(code);
        if (operation == null) {
            throw new IllegalArgumentException("unknown operation code " + code);
        }
        int keyLength = in.getInt();
        if (keyLength <= 0 || keyLength > in.remaining()) {
            throw new IllegalArgumentException("key length " + keyLength + " does not fit the event");
        }
        String key = decodeUtf8(body, in.position(), keyLength);
        byte[] value = new byte[in.remaining() - keyLength];
        System.arraycopy(body, in.position() + keyLength, value, 0, value.length);
        return new BinlogEvent(new Gtid(uuid, seq), timestamp, operation, key, value);
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key is not valid UTF-8");
        }
    }
}
