package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.kit.gtid.Gtid;

/** A committed write: its GTID and where its event ends in the binlog. */
public record WriteResult(Gtid gtid, BinlogPosition binlogEnd) {
}
