package dev.outagelab.dbnode.binlog;

import dev.outagelab.kit.gtid.GtidSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The durable, append-only log of committed writes, kept as segment files in one directory. Opening it
 * recovers (see {@link BinlogRecovery}); {@link #append} returns only once the events are fsync'd, with
 * concurrent appends sharing fsyncs (see {@link GroupCommitter}); readers replay it from any position.
 */
public final class Binlog implements AutoCloseable {

    /** Big enough that rotation is rare, small enough that a segment copies or ships quickly. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    /** Enough for a replica a few seconds behind a busy primary to read from memory. */
    static final int TAIL_CACHE_EVENTS = 16_384;
    static final long TAIL_CACHE_BYTES = 8L * 1024 * 1024;

    /** The GTIDs of every purged segment (MySQL's {@code gtid_purged}), kept beside the segments. */
    static final String PURGED_FILE = "gtid-purged";

    private final Path directory;
    /** The oldest segment still on disk; it moves forward when old segments are purged. */
    private volatile long firstSegment;
    private final RecoveryReport recovery;
    private final SegmentWriter writer;
    private final GroupCommitter committer;
    private volatile DurableListener durableListener = (event, next) -> { };
    private volatile GtidSet purged;
    private volatile long purgedBytes;
    /** Closed segments never change, so their GTID sets are computed once, when retention first asks. */
    private final Map<Long, GtidSet> segmentGtids = new ConcurrentHashMap<>();
    private final Object purgeLock = new Object();
    /** The newest durable events, for readers that tail the log (see {@link TailCache}). */
    private final TailCache tail = new TailCache(TAIL_CACHE_EVENTS, TAIL_CACHE_BYTES);
    /** Notified after every durable batch, so readers that tail the log (replication) wake up at once. */
    private final Object growth = new Object();

    private Binlog(Path directory, long firstSegment, RecoveryReport recovery, long maxSegmentBytes,
            GtidSet purged) throws IOException {
        this.directory = directory;
        this.firstSegment = firstSegment;
        this.recovery = recovery;
        this.purged = purged;
        this.writer = new SegmentWriter(directory, maxSegmentBytes, recovery.end());
        this.committer = new GroupCommitter(writer, this::announceDurable);
    }

    public static Binlog open(Path directory) throws IOException {
        return open(directory, DEFAULT_MAX_SEGMENT_BYTES);
    }

    /**
     * Opens (creating if needed) the binlog in {@code directory}, truncating a torn tail.
     *
     * @throws BinlogCorruptedException naming the file and offset, when damage lies before the tail
     */
    public static Binlog open(Path directory, long maxSegmentBytes) throws IOException {
        if (maxSegmentBytes <= SegmentFiles.HEADER_BYTES) {
            throw new IllegalArgumentException("maxSegmentBytes must exceed the segment header, was " + maxSegmentBytes);
        }
        Files.createDirectories(directory);
        RecoveryReport recovery = BinlogRecovery.recover(directory);
        long first = SegmentFiles.list(directory).get(0);
        return new Binlog(directory, first, recovery, maxSegmentBytes, readPurged(directory));
    }

    /** What opening found and repaired. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /**
     * Called on the commit thread for every event once it is durable, in log order and before the appender is
     * told. A store applies writes here so its memory follows the log's order exactly, never ahead of the disk.
     */
    public void onDurable(Consumer<BinlogEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        this.durableListener = (event, next) -> listener.accept(event);
    }

    /** As {@link #onDurable}, with the position after each event (where a snapshot of the state stands). */
    public void onDurableAt(DurableListener listener) {
        this.durableListener = Objects.requireNonNull(listener, "listener");
    }

    private void announceDurable(List<LoggedEvent> events) {
        DurableListener listener = durableListener;
        for (LoggedEvent logged : events) {
            listener.durable(logged.event(), logged.next());
            tail.add(logged);
        }
        synchronized (growth) {
            growth.notifyAll();
        }
    }

    /**
     * Waits until the durable end has moved past {@code position}, or {@code timeoutMillis} passed.
     *
     * @return whether there is something after {@code position} to read
     */
    public boolean awaitEndAfter(BinlogPosition position, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (growth) {
            while (end().compareTo(position) <= 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                growth.wait(left);
            }
            return true;
        }
    }

    /** Bytes of the log from {@code from} to {@code to} (both event boundaries, {@code from <= to}). */
    public long bytesBetween(BinlogPosition from, BinlogPosition to) {
        if (from.compareTo(to) >= 0) {
            return 0;
        }
        if (from.segment() == to.segment()) {
            return to.offset() - from.offset();
        }
        try {
            long total = Files.size(SegmentFiles.path(directory, from.segment())) - from.offset();
            for (long segment = from.segment() + 1; segment < to.segment(); segment++) {
                total += Files.size(SegmentFiles.path(directory, segment)) - SegmentFiles.HEADER_BYTES;
            }
            return total + to.offset() - SegmentFiles.HEADER_BYTES;
        } catch (IOException e) {
            throw new UncheckedIOException("measuring " + directory, e);
        }
    }

    /** Appends the events as one unit and returns once they are on stable storage. */
    public AppendResult append(List<BinlogEvent> events) {
        try {
            return submit(events).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Queues the events and returns at once; the future completes when they are durable. Events of one caller
     * keep their order; the caller that needs an order across callers (a GTID order) submits under its own lock.
     */
    public CompletableFuture<AppendResult> submit(List<BinlogEvent> events) {
        return committer.submit(events);
    }

    /** The position just after the last durable event. */
    public BinlogPosition end() {
        return writer.durableEnd();
    }

    public BinlogPosition start() {
        return new BinlogPosition(firstSegment, SegmentFiles.HEADER_BYTES);
    }

    public GroupCommitStats stats() {
        return committer.stats();
    }

    /** The size of every segment together, in bytes, as of the last durable batch. */
    public long sizeBytes() {
        return writer.totalBytes() - purgedBytes;
    }

    /** The GTIDs of the events in purged segments (MySQL's {@code gtid_purged}); empty until a purge. */
    public GtidSet purged() {
        return purged;
    }

    /** The segments retention may consider, oldest first: every one but the segment being written. */
    public List<SegmentInfo> closedSegments() {
        long current = writer.durableEnd().segment();
        List<SegmentInfo> closed = new ArrayList<>();
        try {
            for (long segment : SegmentFiles.list(directory)) {
                if (segment < current) {
                    Path file = SegmentFiles.path(directory, segment);
                    closed.add(new SegmentInfo(segment, Files.size(file),
                            Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + directory, e);
        }
        return closed;
    }

    /** The GTIDs of the events in a closed segment. */
    public GtidSet gtidsIn(long segment) {
        if (segment >= writer.durableEnd().segment()) {
            throw new IllegalArgumentException(SegmentFiles.fileName(segment) + " is still being written");
        }
        return segmentGtids.computeIfAbsent(segment, this::scanGtids);
    }

    private GtidSet scanGtids(long segment) {
        Path file = SegmentFiles.path(directory, segment);
        GtidSet[] gtids = {GtidSet.EMPTY};
        try {
            readRange(file, segment, SegmentFiles.HEADER_BYTES, Files.size(file),
                    logged -> gtids[0] = gtids[0].add(logged.event().gtid()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return gtids[0];
    }

    /**
     * Deletes every segment before {@code segment} (MySQL's {@code PURGE BINARY LOGS TO}); the caller decides
     * that nobody needs them any more. Their GTIDs are added to {@link #purged()} and that set is made durable
     * <em>before</em> any file goes, so a crash half-way leaves a purged set that is too large (a replica
     * asking for those events is refused) and never one that is too small (which would let a stream skip them).
     *
     * @return how many segments were deleted
     */
    public int purgeBefore(long segment) throws IOException {
        synchronized (purgeLock) {
            if (segment > writer.durableEnd().segment()) {
                throw new IllegalArgumentException("cannot purge the segment being written, "
                        + SegmentFiles.fileName(writer.durableEnd().segment()));
            }
            long first = firstSegment;
            if (segment <= first) {
                return 0;
            }
            GtidSet nowPurged = purged;
            long bytes = 0;
            for (long old = first; old < segment; old++) {
                nowPurged = nowPurged.union(gtidsIn(old));
                bytes += Files.size(SegmentFiles.path(directory, old));
            }
            String text = nowPurged.toString();
            AtomicFile.replace(directory.resolve(PURGED_FILE),
                    out -> out.write((text + "\n").getBytes(StandardCharsets.US_ASCII)));
            // Published before the files go: a stream that starts now either sees the larger purged set (and
            // refuses a replica that needs those events) or began at the old start and fails loudly on a
            // missing file; it can never start past the purged events and skip them silently.
            purged = nowPurged;
            for (long old = first; old < segment; old++) {
                Files.delete(SegmentFiles.path(directory, old));
                segmentGtids.remove(old);
            }
            SegmentFiles.fsyncDirectory(directory);
            purgedBytes += bytes;
            firstSegment = segment;
            return (int) (segment - first);
        }
    }

    private static GtidSet readPurged(Path directory) throws IOException {
        Path file = directory.resolve(PURGED_FILE);
        if (!Files.exists(file)) {
            return GtidSet.EMPTY;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return GtidSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BinlogCorruptedException(file, 0, "not a GTID set: " + e.getMessage());
        }
    }

    /** How many segment files the log has now. */
    public int segments() {
        try {
            return SegmentFiles.list(directory).size();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + directory, e);
        }
    }

    /**
     * Why the log refuses every write, once a write or fsync failed (see {@link GroupCommitter}); empty while
     * it is healthy. Readiness reports it: a node whose log has failed cannot accept a write until restarted.
     */
    public Optional<Throwable> failure() {
        return committer.failure();
    }

    /** Reports each fsync's duration and each batch's size to {@code observer}; a later call replaces it. */
    public void observeCommits(CommitObserver observer) {
        Objects.requireNonNull(observer, "observer");
        // A throwing observer must not fail a batch (that would refuse every later write) or kill the commit
        // thread (that would hang every writer), so its failures are dropped here: metrics are not worth either.
        CommitObserver guarded = new CommitObserver() {
            @Override
            public void fsynced(long nanos) {
                try {
                    observer.fsynced(nanos);
                } catch (RuntimeException ignored) {
                    // see above
                }
            }

            @Override
            public void committed(int appends, int events) {
                try {
                    observer.committed(appends, events);
                } catch (RuntimeException ignored) {
                    // see above
                }
            }
        };
        writer.observe(guarded);
        committer.observe(guarded);
    }

    /** Every durable event, oldest first. */
    public void forEachEvent(Consumer<LoggedEvent> visitor) {
        forEachEvent(start(), visitor);
    }

    /** Every durable event from {@code from} (an event boundary, such as a {@link LoggedEvent#next()}) on. */
    public void forEachEvent(BinlogPosition start, Consumer<LoggedEvent> visitor) {
        BinlogPosition from = start;
        if (from.segment() >= firstSegment) {
            Optional<List<LoggedEvent>> cached = tail.from(from);
            if (cached.isPresent()) {
                for (LoggedEvent logged : cached.get()) {
                    visitor.accept(logged);
                    from = logged.next();
                }
                if (from.compareTo(end()) >= 0) {
                    return;
                }
                // The commit thread has made more durable than it has cached yet: the rest comes from the file.
            }
        }
        if (from.segment() < firstSegment) {
            throw new IllegalArgumentException("position " + from + " is before the oldest segment "
                    + SegmentFiles.fileName(firstSegment));
        }
        BinlogPosition end = end();
        long offset = Math.max(from.offset(), SegmentFiles.HEADER_BYTES);
        for (long segment = from.segment(); segment <= end.segment(); segment++) {
            Path file = SegmentFiles.path(directory, segment);
            try {
                long limit = segment == end.segment() ? end.offset() : Files.size(file);
                readRange(file, segment, offset, limit, visitor);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
            offset = SegmentFiles.HEADER_BYTES;
        }
    }

    private static void readRange(Path file, long segment, long offset, long limit, Consumer<LoggedEvent> visitor)
            throws IOException {
        if (offset > limit) {
            throw new IllegalArgumentException("position " + new BinlogPosition(segment, offset)
                    + " is past the end of the durable log");
        }
        try (SegmentScanner scanner = new SegmentScanner(file, offset, limit)) {
            while (true) {
                ScanStep step = scanner.next();
                if (step instanceof ScanStep.Event event) {
                    visitor.accept(new LoggedEvent(event.event(), new BinlogPosition(segment, event.offset()),
                            new BinlogPosition(segment, event.nextOffset())));
                } else if (step instanceof ScanStep.End) {
                    return;
                } else if (step instanceof ScanStep.Incomplete incomplete) {
                    throw new BinlogCorruptedException(file, incomplete.offset(), incomplete.reason());
                } else if (step instanceof ScanStep.Damaged damaged) {
                    throw new BinlogCorruptedException(file, damaged.offset(), damaged.reason());
                }
            }
        }
    }

    /** Waits for queued appends to become durable, then closes the files. */
    @Override
    public void close() throws IOException {
        try {
            committer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close();
        }
    }
}
