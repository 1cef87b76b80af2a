package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.kit.gtid.GtidSet;
import java.util.NavigableMap;

/**
 * The store's state as of one binlog position: every key and value and the executed GTID set after applying the
 * binlog up to (not including) {@code position}. Start-up loads one and replays only the binlog after it.
 */
public record Snapshot(BinlogPosition position, GtidSet executed, NavigableMap<String, byte[]> values) {
}
