package dev.outagelab.dbnode.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the store rebuilt its state on open: the snapshot it started from (empty: the whole binlog was replayed),
 * the snapshots it could not use and why, and how many binlog events it replayed on top.
 */
public record StartupReport(Optional<Path> snapshot, List<String> unusableSnapshots, long replayedEvents) {
}
