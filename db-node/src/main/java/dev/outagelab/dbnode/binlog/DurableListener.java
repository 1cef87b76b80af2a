package dev.outagelab.dbnode.binlog;

/** Told of each event once it is durable, in log order, with the position just after it. */
@FunctionalInterface
public interface DurableListener {
    void durable(BinlogEvent event, BinlogPosition next);
}
