package dev.outagelab.dbnode.retention;

import dev.outagelab.kit.gtid.GtidSet;

/** A replica retention must wait for: the binlog it has not executed yet stays. */
public record ReplicaPin(String replica, GtidSet executed) {
}
