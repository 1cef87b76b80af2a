package dev.outagelab.kit.gtid;

import java.util.Objects;
import java.util.UUID;

/**
 * One global transaction id, {@code <server-uuid>:<seq>}: the server that first committed a write and that
 * server's sequence number for it. Replicas keep the original GTID, so it names a write everywhere.
 */
public record Gtid(UUID serverUuid, long seq) {

    /** As in MySQL, one below Long.MAX_VALUE, so "the number after the last" never overflows. */
    public static final long MAX_SEQ = Long.MAX_VALUE - 1;

    public Gtid {
        Objects.requireNonNull(serverUuid, "serverUuid");
        if (seq < 1 || seq > MAX_SEQ) {
            // MySQL numbers transactions from 1; 0 would make "uuid:0" a valid-looking id no server ever assigns.
            throw new IllegalArgumentException("GTID sequence must be between 1 and " + MAX_SEQ + ", was " + seq);
        }
    }

    /** Parses {@code uuid:seq}, the form {@link #toString()} writes. */
    public static Gtid parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid GTID '" + text + "': expected <server-uuid>:<seq>");
        }
        UUID uuid = GtidText.parseUuid(text.substring(0, colon).trim(), text);
        long seq = GtidText.parseSeq(text.substring(colon + 1).trim(), text);
        return new Gtid(uuid, seq);
    }

    @Override
    public String toString() {
        return serverUuid + ":" + seq;
    }
}
