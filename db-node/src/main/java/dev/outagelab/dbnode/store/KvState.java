package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.kit.gtid.GtidSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's contents in memory: the key-value map and the set of GTIDs applied to it. It is only ever the
 * result of applying binlog events in log order, which is why a restart that replays the log rebuilds it exactly.
 */
public final class KvState {

    /** Sorted, so a listing by prefix is a range scan. */
    private final NavigableMap<String, byte[]> values = new TreeMap<>();
    private GtidSet executed = GtidSet.EMPTY;
    /** The binlog position just after the last applied event, when known: where a snapshot of this state stands. */
    private BinlogPosition appliedThrough;

    /** Applies an event read back from (or just made durable in) the binlog, remembering where it ended. */
    public synchronized void apply(BinlogEvent event, BinlogPosition next) {
        apply(event);
        appliedThrough = next;
    }

    public synchronized void apply(BinlogEvent event) {
        switch (event.operation()) {
            case PUT -> values.put(event.key(), event.value());
            case DELETE -> values.remove(event.key());
            default -> throw new IllegalArgumentException("unknown operation " + event.operation());
        }
        executed = executed.add(event.gtid());
    }

    public synchronized Optional<byte[]> get(String key) {
        byte[] value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /**
     * Up to {@code limit} entries whose key starts with {@code prefix}, in key order, beginning after
     * {@code after} (exclusive) when it is given: a page of a listing, resumed from the last key of the one before.
     */
    public synchronized List<Map.Entry<String, byte[]>> list(String prefix, String after, int limit) {
        NavigableMap<String, byte[]> from = after != null && after.compareTo(prefix) >= 0
                ? values.tailMap(after, false)
                : values.tailMap(prefix, true);
        List<Map.Entry<String, byte[]>> page = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : from.entrySet()) {
            if (page.size() == limit || !entry.getKey().startsWith(prefix)) {
                break;
            }
            page.add(Map.entry(entry.getKey(), entry.getValue().clone()));
        }
        return page;
    }

    public synchronized int size() {
        return values.size();
    }

    public synchronized GtidSet executed() {
        return executed;
    }

    /**
     * The state as of one binlog position, for a snapshot: the map is copied (values are never changed in place,
     * only replaced, so sharing the arrays is safe), so writing it to disk does not hold up the commit thread.
     */
    public synchronized Optional<Snapshot> capture() {
        if (appliedThrough == null) {
            return Optional.empty(); // nothing applied yet: there is nothing to keep
        }
        return Optional.of(new Snapshot(appliedThrough, executed, new TreeMap<>(values)));
    }

    /** Replaces this (empty) state with a snapshot's, before the binlog after it is replayed on top. */
    public synchronized void restore(Snapshot snapshot) {
        if (!values.isEmpty() || !executed.isEmpty()) {
            throw new IllegalStateException("a snapshot is only restored into an empty state");
        }
        values.putAll(snapshot.values());
        executed = snapshot.executed();
        appliedThrough = snapshot.position();
    }

    /** A copy of every key and value, for comparing two states in tests and, later, for snapshots. */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new HashMap<>();
        values.forEach((key, value) -> copy.put(key, value.clone()));
        return copy;
    }
}
