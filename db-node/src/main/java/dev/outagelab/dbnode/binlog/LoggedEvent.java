package dev.outagelab.dbnode.binlog;

/** An event read back from the binlog, with where it starts and where the next one starts. */
public record LoggedEvent(BinlogEvent event, BinlogPosition position, BinlogPosition next) {
}
