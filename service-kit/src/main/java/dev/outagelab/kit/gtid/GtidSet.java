package dev.outagelab.kit.gtid;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An immutable set of GTIDs, per server uuid a merged interval set, written as MySQL writes
 * {@code gtid_executed}: {@code 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9,<uuid2>:1-3}. Uuids are sorted by
 * their text (MySQL's order), and the empty set is the empty string.
 */
public final class GtidSet {

    // UUID.compareTo compares signed longs, which does not match the order of the printed form.
    private static final Comparator<UUID> UUID_TEXT_ORDER = Comparator.comparing(UUID::toString);

    public static final GtidSet EMPTY = new GtidSet(new TreeMap<>(UUID_TEXT_ORDER));

    private final TreeMap<UUID, SeqIntervals> byServer;

    private GtidSet(TreeMap<UUID, SeqIntervals> byServer) {
        this.byServer = byServer;
    }

    public static GtidSet of(Gtid gtid) {
        return EMPTY.add(gtid);
    }

    /** The interval {@code first..last} of one server; for tests and for building sets by hand. */
    public static GtidSet range(UUID serverUuid, long first, long last) {
        TreeMap<UUID, SeqIntervals> map = emptyMap();
        map.put(Objects.requireNonNull(serverUuid, "serverUuid"), SeqIntervals.of(first, last));
        return new GtidSet(map);
    }

    /**
     * Parses MySQL's text form. Whitespace around parts is ignored (MySQL prints a newline after each comma),
     * a uuid may appear more than once and intervals may overlap: the result is their union.
     */
    public static GtidSet parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return EMPTY;
        }
        TreeMap<UUID, SeqIntervals> map = emptyMap();
        for (String part : text.split(",", -1)) {
            String[] fields = part.trim().split(":", -1);
            if (fields.length < 2) {
                throw new IllegalArgumentException("invalid GTID set '" + text + "': '" + part.trim()
                        + "' needs the form <server-uuid>:<interval>[:<interval>...]");
            }
            UUID uuid = GtidText.parseUuid(fields[0].trim(), text);
            SeqIntervals intervals = map.getOrDefault(uuid, SeqIntervals.EMPTY);
            for (int i = 1; i < fields.length; i++) {
                intervals = intervals.union(parseInterval(fields[i].trim(), text));
            }
            map.put(uuid, intervals);
        }
        return new GtidSet(map);
    }

    private static SeqIntervals parseInterval(String interval, String text) {
        int dash = interval.indexOf('-');
        if (dash < 0) {
            long seq = GtidText.parseSeq(interval, text);
            return SeqIntervals.of(seq, seq);
        }
        long start = GtidText.parseSeq(interval.substring(0, dash), text);
        long end = GtidText.parseSeq(interval.substring(dash + 1), text);
        if (end < start) {
            throw new IllegalArgumentException(
                    "invalid GTID set '" + text + "': interval '" + interval + "' ends before it starts");
        }
        return SeqIntervals.of(start, end);
    }

    public boolean isEmpty() {
        return byServer.isEmpty();
    }

    /** How many GTIDs the set holds. */
    public long count() {
        long total = 0;
        for (SeqIntervals intervals : byServer.values()) {
            total += intervals.count();
        }
        return total;
    }

    public Set<UUID> serverUuids() {
        return Collections.unmodifiableSet(byServer.keySet());
    }

    public boolean contains(Gtid gtid) {
        SeqIntervals intervals = byServer.get(gtid.serverUuid());
        return intervals != null && intervals.contains(gtid.seq());
    }

    public boolean containsAll(GtidSet other) {
        return other.subtract(this).isEmpty();
    }

    public GtidSet add(Gtid gtid) {
        return union(range(gtid.serverUuid(), gtid.seq(), gtid.seq()));
    }

    public GtidSet union(GtidSet other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<UUID, SeqIntervals> map = copy();
        for (Map.Entry<UUID, SeqIntervals> entry : other.byServer.entrySet()) {
            map.merge(entry.getKey(), entry.getValue(), SeqIntervals::union);
        }
        return new GtidSet(map);
    }

    /** The GTIDs of this set that {@code other} lacks: what a replica is missing, or a node's errant writes. */
    public GtidSet subtract(GtidSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        TreeMap<UUID, SeqIntervals> map = emptyMap();
        for (Map.Entry<UUID, SeqIntervals> entry : byServer.entrySet()) {
            SeqIntervals theirs = other.byServer.getOrDefault(entry.getKey(), SeqIntervals.EMPTY);
            SeqIntervals left = entry.getValue().subtract(theirs);
            if (!left.isEmpty()) {
                map.put(entry.getKey(), left);
            }
        }
        return new GtidSet(map);
    }

    /** This set without any transaction of the given server (e.g. a replica's GTIDs beside its old primary's). */
    public GtidSet withoutServer(UUID serverUuid) {
        if (!byServer.containsKey(serverUuid)) {
            return this;
        }
        TreeMap<UUID, SeqIntervals> map = emptyMap();
        map.putAll(byServer);
        map.remove(serverUuid);
        return new GtidSet(map);
    }

    /**
     * The sequence number a server assigns to its next write: one past the highest it has, so numbers only
     * grow even when the set has gaps (gaps come from replicated or purged ranges, never to be reused).
     */
    public long nextSeq(UUID serverUuid) {
        SeqIntervals intervals = byServer.get(serverUuid);
        long highest = intervals == null ? 0 : intervals.max();
        if (highest >= Gtid.MAX_SEQ) {
            throw new IllegalStateException("server " + serverUuid + " has used every sequence number");
        }
        return highest + 1;
    }

    private TreeMap<UUID, SeqIntervals> copy() {
        TreeMap<UUID, SeqIntervals> map = emptyMap();
        map.putAll(byServer);
        return map;
    }

    private static TreeMap<UUID, SeqIntervals> emptyMap() {
        return new TreeMap<>(UUID_TEXT_ORDER);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GtidSet that && byServer.equals(that.byServer);
    }

    @Override
    public int hashCode() {
        return byServer.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<UUID, SeqIntervals> entry : byServer.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString();
    }
}
