package dev.outagelab.dbnode.binlog;

import dev.outagelab.kit.gtid.Gtid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One committed write as the binlog keeps it. The value is copied in and out, so an event never changes. */
public final class BinlogEvent {

    private final Gtid gtid;
    private final long timestampMillis;
    private final Operation operation;
    private final String key;
    private final byte[] value;

    public BinlogEvent(Gtid gtid, long timestampMillis, Operation operation, String key, byte[] value) {
        this.gtid = Objects.requireNonNull(gtid, "gtid");
        this.timestampMillis = timestampMillis;
        this.operation = Objects.requireNonNull(operation, "operation");
        this.key = Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a binlog event needs a non-empty key");
        }
        if (operation == Operation.DELETE && value.length > 0) {
            throw new IllegalArgumentException("a DELETE event carries no value");
        }
        this.value = value.clone();
    }

    public static BinlogEvent put(Gtid gtid, long timestampMillis, String key, byte[] value) {
        return new BinlogEvent(gtid, timestampMillis, Operation.PUT, key, value);
    }

    public static BinlogEvent delete(Gtid gtid, long timestampMillis, String key) {
        return new BinlogEvent(gtid, timestampMillis, Operation.DELETE, key, new byte[0]);
    }

    public Gtid gtid() {
        return gtid;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Operation operation() {
        return operation;
    }

    public String key() {
        return key;
    }

    public byte[] value() {
        return value.clone();
    }

    /** The value without a defensive copy, for the codec that only reads it. */
    byte[] valueUnsafe() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinlogEvent that
                && gtid.equals(that.gtid)
                && timestampMillis == that.timestampMillis
                && operation == that.operation
                && key.equals(that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gtid, timestampMillis, operation, key, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        String shown = value.length <= 32 ? new String(value, StandardCharsets.UTF_8) : value.length + " bytes";
        return operation + " " + key + (operation == Operation.PUT ? "=" + shown : "") + " @" + gtid;
    }
}
