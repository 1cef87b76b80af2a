package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.AppendResult;
import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.dbnode.binlog.RecoveryReport;
import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A node's key-value store: each write gets the next GTID of this server, goes to the binlog, and is applied
 * to memory only after the binlog has fsync'd it (the binlog's commit thread applies it, in log order). So a
 * caller that sees its write acknowledged knows it survives a crash, and a reader never sees a write that
 * could vanish with one.
 *
 * <p>Layout: {@code <data>/server-uuid} and the binlog segments in {@code <data>/binlog/}.
 */
public final class KvStore implements AutoCloseable {

    private final UUID serverUuid;
    private final Binlog binlog;
    private final SnapshotFiles snapshots;
    private final KvState state = new KvState();
    private final Clock clock;
    private final Object checkpointLock = new Object();
    private StartupReport startup;
    private final Object sequenceLock = new Object();
    private long lastAssignedSeq;
    private boolean writable = true;
    /** Replicated GTIDs submitted but not yet durable, so a concurrent apply never appends one twice. */
    private GtidSet queuedReplicated = GtidSet.EMPTY;

    private KvStore(UUID serverUuid, Binlog binlog, SnapshotFiles snapshots, Clock clock) {
        this.serverUuid = serverUuid;
        this.binlog = binlog;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    public static KvStore open(Path dataDir) throws IOException {
        return open(dataDir, Binlog.DEFAULT_MAX_SEGMENT_BYTES, Clock.systemUTC());
    }

    public static KvStore open(Path dataDir, long maxSegmentBytes, Clock clock) throws IOException {
        UUID uuid = ServerUuid.loadOrCreate(dataDir);
        Binlog binlog = Binlog.open(dataDir.resolve("binlog"), maxSegmentBytes);
        KvStore store = new KvStore(uuid, binlog, new SnapshotFiles(dataDir.resolve("snapshots")), clock);
        try {
            store.rebuild();
        } catch (IOException | RuntimeException e) {
            binlog.close();
            throw e;
        }
        store.lastAssignedSeq = store.state.executed().nextSeq(uuid) - 1;
        // Registered only now: from here on the commit thread applies each write once it is durable.
        binlog.onDurableAt(store.state::apply);
        return store;
    }

    /**
     * Loads the newest usable snapshot and replays the binlog after it; a damaged snapshot is skipped (and
     * reported) for an older one, or for the whole binlog when no segment was purged yet. Refuses to start when
     * neither is possible, rather than serve a state that lacks acknowledged writes.
     */
    private void rebuild() throws IOException {
        List<String> unusable = new ArrayList<>();
        Optional<Path> used = Optional.empty();
        BinlogPosition from = binlog.start();
        for (Path file : snapshots.newestFirst()) {
            BinlogPosition position = SnapshotFiles.positionOf(file);
            if (position.compareTo(binlog.end()) > 0) {
                throw new IllegalStateException("snapshot " + file + " stands at " + position + ", past the end of "
                        + "the binlog (" + binlog.end() + "): the binlog lost writes the snapshot holds; refusing to "
                        + "start rather than drop them");
            }
            if (position.compareTo(binlog.start()) < 0) {
                unusable.add(file + " stands at " + position + ", before the oldest binlog segment");
                continue;
            }
            try {
                state.restore(snapshots.read(file));
                used = Optional.of(file);
                from = position;
                break;
            } catch (SnapshotFiles.DamagedException e) {
                unusable.add(e.getMessage());
            }
        }
        if (used.isEmpty() && !binlog.purged().isEmpty()) {
            throw new IllegalStateException("no usable snapshot in " + snapshots.directory() + " " + unusable
                    + " and binlog segments before " + binlog.start() + " were purged (" + binlog.purged()
                    + "), so the state cannot be rebuilt without losing writes; restore the data directory from a "
                    + "copy, or rebuild this node from another");
        }
        long[] replayed = {0};
        binlog.forEachEvent(from, logged -> {
            state.apply(logged.event(), logged.next());
            replayed[0]++;
        });
        startup = new StartupReport(used, List.copyOf(unusable), replayed[0]);
    }

    /** How {@link #open} rebuilt the state. */
    public StartupReport startup() {
        return startup;
    }

    /**
     * Writes a snapshot of the state as it is now (unless the newest one already stands here), durably, keeping
     * the newest {@link SnapshotFiles#KEEP}. Writes go on meanwhile: the state is copied under its lock, written
     * outside it.
     *
     * @return the file written, or empty when there was nothing new
     */
    public Optional<Path> checkpoint() throws IOException {
        synchronized (checkpointLock) {
            Optional<Snapshot> snapshot = state.capture();
            if (snapshot.isEmpty()) {
                return Optional.empty();
            }
            List<Path> existing = snapshots.newestFirst();
            if (!existing.isEmpty() && SnapshotFiles.positionOf(existing.get(0)).equals(snapshot.get().position())) {
                return Optional.empty();
            }
            return Optional.of(snapshots.write(snapshot.get()));
        }
    }

    /**
     * The binlog segment before which nothing is needed to rebuild the state: the segment of the oldest kept
     * snapshot, once {@link SnapshotFiles#KEEP} exist (so a damaged newest one still leaves an older one and the
     * binlog after it). Empty while fewer exist: then every segment is needed.
     */
    public OptionalLong segmentsNeededFrom() throws IOException {
        List<Path> kept = snapshots.newestFirst();
        if (kept.size() < SnapshotFiles.KEEP) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(SnapshotFiles.positionOf(kept.get(kept.size() - 1)).segment());
    }

    /** The newest snapshot's position, if any. */
    public Optional<BinlogPosition> newestSnapshot() throws IOException {
        return snapshots.newestFirst().stream().findFirst().map(SnapshotFiles::positionOf);
    }

    public UUID serverUuid() {
        return serverUuid;
    }

    public WriteResult put(String key, byte[] value) {
        return write(seq -> BinlogEvent.put(new Gtid(serverUuid, seq), clock.millis(), key, value));
    }

    public WriteResult delete(String key) {
        return write(seq -> BinlogEvent.delete(new Gtid(serverUuid, seq), clock.millis(), key));
    }

    private interface EventForSeq {
        BinlogEvent create(long seq);
    }

    /**
     * Opens or closes the store to writes of its own (a replica's or a read-only node's). Checked under the same
     * lock that assigns GTIDs, so once this returns with {@code false} no new GTID of this server is assigned;
     * writes already queued still complete.
     */
    public void setWritable(boolean allowed) {
        synchronized (sequenceLock) {
            writable = allowed;
        }
    }

    public boolean writable() {
        synchronized (sequenceLock) {
            return writable;
        }
    }

    private WriteResult write(EventForSeq eventForSeq) {
        try {
            return submitWrite(eventForSeq).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * As {@link #put}, without blocking the caller: the future completes (on the binlog's commit thread) once the
     * write is durable and applied. Lets the HTTP layer answer from the event loop without parking a thread per
     * write.
     *
     * @throws WritesRefusedException at once, when the store does not take writes
     */
    public CompletableFuture<WriteResult> putAsync(String key, byte[] value) {
        return submitWrite(seq -> BinlogEvent.put(new Gtid(serverUuid, seq), clock.millis(), key, value));
    }

    private CompletableFuture<WriteResult> submitWrite(EventForSeq eventForSeq) {
        BinlogEvent event;
        CompletableFuture<AppendResult> durable;
        // Assigning the number and queueing the event under one lock keeps the log in GTID order.
        synchronized (sequenceLock) {
            if (!writable) {
                throw new WritesRefusedException();
            }
            event = eventForSeq.create(lastAssignedSeq + 1);
            durable = binlog.submit(List.of(event));
            lastAssignedSeq++;
        }
        return durable.thenApply(appended -> new WriteResult(event.gtid(), appended.end()));
    }

    /**
     * Appends events received from this node's replication source, keeping their original GTIDs, and returns once
     * they are durable (and applied). Events this node already executed are skipped, as MySQL skips a GTID it
     * has, so a replayed stream is harmless. Refused on a writable node: a primary's log holds its own writes in
     * GTID order, and a replicated event slipping in would break that order.
     *
     * @return the events actually appended
     */
    public List<BinlogEvent> applyReplicated(List<BinlogEvent> events) {
        CompletableFuture<AppendResult> durable;
        List<BinlogEvent> fresh = new ArrayList<>(events.size());
        synchronized (sequenceLock) {
            if (writable) {
                throw new IllegalStateException("a writable primary does not apply replicated events");
            }
            GtidSet have = state.executed().union(queuedReplicated);
            for (BinlogEvent event : events) {
                if (!have.contains(event.gtid())) {
                    fresh.add(event);
                    have = have.add(event.gtid());
                }
            }
            if (fresh.isEmpty()) {
                return fresh;
            }
            for (BinlogEvent event : fresh) {
                queuedReplicated = queuedReplicated.add(event.gtid());
                // Our own uuid coming back (history replicated from a node that had it) must never be reused.
                if (event.gtid().serverUuid().equals(serverUuid)) {
                    lastAssignedSeq = Math.max(lastAssignedSeq, event.gtid().seq());
                }
            }
            durable = binlog.submit(fresh);
        }
        try {
            durable.join();
            return fresh;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            synchronized (sequenceLock) {
                queuedReplicated = queuedReplicated.subtract(setOf(fresh));
            }
        }
    }

    private static GtidSet setOf(List<BinlogEvent> events) {
        GtidSet set = GtidSet.EMPTY;
        for (BinlogEvent event : events) {
            set = set.add(event.gtid());
        }
        return set;
    }

    /**
     * Returns once every write queued before this call is durable: after closing the write gate, this is the
     * moment the executed set stops changing, which is what an errant-GTID check must look at.
     */
    public void awaitQueuedWrites() {
        binlog.append(List.of());
    }

    public Optional<byte[]> get(String key) {
        return state.get(key);
    }

    /** See {@link KvState#list}. */
    public List<Map.Entry<String, byte[]>> list(String prefix, String after, int limit) {
        return state.list(prefix, after, limit);
    }

    public GtidSet executed() {
        return state.executed();
    }

    /** A copy of every key and value, to compare states (before and after a restart, across nodes). */
    public Map<String, byte[]> snapshot() {
        return state.snapshot();
    }

    public Binlog binlog() {
        return binlog;
    }

    public RecoveryReport recovery() {
        return binlog.recovery();
    }

    @Override
    public void close() throws IOException {
        binlog.close();
    }
}
