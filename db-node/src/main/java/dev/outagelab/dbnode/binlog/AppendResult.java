package dev.outagelab.dbnode.binlog;

/** An append made durable: where its last event ends and how many appends shared its fsync. */
public record AppendResult(BinlogPosition end, int batchAppends) {
}
