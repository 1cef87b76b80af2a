package dev.outagelab.dbnode.binlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The durable, append-only log of committed writes, kept as segment files in one directory. Opening it
 * recovers (see {@link BinlogRecovery}); {@link #append} returns only once the events are fsync'd, with
 * concurrent appends sharing fsyncs (see {@link GroupCommitter}); readers replay it from any position.
 */
public final class Binlog implements AutoCloseable {

    /** Big enough that rotation is rare, small enough that a segment copies or ships quickly. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Path directory;
    private final long firstSegment;
    private final RecoveryReport recovery;
    private final SegmentWriter writer;
    private final GroupCommitter committer;
    private volatile Consumer<BinlogEvent> durableListener = event -> { };
    /** Notified after every durable batch, so readers that tail the log (replication) wake up at once. */
    private final Object growth = new Object();

    private Binlog(Path directory, long firstSegment, RecoveryReport recovery, long maxSegmentBytes)
            throws IOException {
        this.directory = directory;
        this.firstSegment = firstSegment;
        this.recovery = recovery;
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
        return new Binlog(directory, first, recovery, maxSegmentBytes);
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
        this.durableListener = Objects.requireNonNull(listener, "listener");
    }

    private void announceDurable(List<BinlogEvent> events) {
        Consumer<BinlogEvent> listener = durableListener;
        events.forEach(listener);
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
        return writer.totalBytes();
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
    public void forEachEvent(BinlogPosition from, Consumer<LoggedEvent> visitor) {
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
