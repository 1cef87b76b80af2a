package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.gtid.GtidSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The store's contents in memory: the key-value map and the set of GTIDs applied to it. It is only ever the
 * result of applying binlog events in log order, which is why a restart that replays the log rebuilds it exactly.
 */
public final class KvState {

    private final Map<String, byte[]> values = new HashMap<>();
    private GtidSet executed = GtidSet.EMPTY;

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

    public synchronized int size() {
        return values.size();
    }

    public synchronized GtidSet executed() {
        return executed;
    }

    /** A copy of every key and value, for comparing two states in tests and, later, for snapshots. */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new HashMap<>();
        values.forEach((key, value) -> copy.put(key, value.clone()));
        return copy;
    }
}
