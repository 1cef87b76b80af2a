package dev.outagelab.dbnode.binlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends frames to the current segment and makes them durable. Rotation happens between events: once the
 * current segment has reached its size limit, the next event goes to a new segment, after the old one has been
 * forced, so every segment but the last always ends on an event boundary. Only the group-commit thread calls it.
 */
final class SegmentWriter implements AutoCloseable {

    private final Path directory;
    private final long maxSegmentBytes;
    private final AtomicLong fsyncs = new AtomicLong();
    private long segment;
    private FileChannel channel;
    private long size;
    private volatile BinlogPosition durableEnd;
    private volatile CommitObserver observer = CommitObserver.NONE;
    /** The bytes of every closed segment; with {@link #size} it gives the log's size without touching the disk. */
    private long closedSegmentBytes;
    private volatile long totalBytes;

    SegmentWriter(Path directory, long maxSegmentBytes, BinlogPosition end) throws IOException {
        this.directory = directory;
        this.maxSegmentBytes = maxSegmentBytes;
        this.segment = end.segment();
        this.size = end.offset();
        this.channel = FileChannel.open(SegmentFiles.path(directory, segment), StandardOpenOption.WRITE);
        this.durableEnd = end;
        for (long earlier : SegmentFiles.list(directory)) {
            if (earlier < segment) {
                closedSegmentBytes += Files.size(SegmentFiles.path(directory, earlier));
            }
        }
        this.totalBytes = closedSegmentBytes + size;
    }

    void observe(CommitObserver commitObserver) {
        this.observer = commitObserver;
    }

    /**
     * Writes the encoded events in order and returns, for each, the position just after it, once all are on stable
     * storage (one fsync for the batch, plus one per segment closed on the way).
     */
    List<BinlogPosition> writeDurably(List<ByteBuffer> frames) throws IOException {
        List<BinlogPosition> ends = new ArrayList<>(frames.size());
        boolean dirty = false;
        for (ByteBuffer frame : frames) {
            if (size >= maxSegmentBytes && size > SegmentFiles.HEADER_BYTES) {
                if (dirty) {
                    force();
                }
                rotate();
                dirty = false;
            }
            while (frame.hasRemaining()) {
                size += channel.write(frame, size);
            }
            dirty = true;
            ends.add(new BinlogPosition(segment, size));
        }
        if (dirty) {
            force();
        }
        totalBytes = closedSegmentBytes + size;
        if (!ends.isEmpty()) {
            durableEnd = ends.get(ends.size() - 1);
        }
        return ends;
    }

    private void force() throws IOException {
        // force(false): the data and the file length, not the timestamps, are what a reader needs after a crash.
        long started = System.nanoTime();
        channel.force(false);
        observer.fsynced(System.nanoTime() - started);
        fsyncs.incrementAndGet();
    }

    private void rotate() throws IOException {
        FileChannel next = SegmentFiles.create(directory, segment + 1);
        channel.close();
        channel = next;
        closedSegmentBytes += size;
        segment++;
        size = SegmentFiles.HEADER_BYTES;
        durableEnd = new BinlogPosition(segment, size);
    }

    /** The end of what is known to be on disk; readers never read past it. */
    BinlogPosition durableEnd() {
        return durableEnd;
    }

    /** Every segment's bytes, as of the last durable batch. */
    long totalBytes() {
        return totalBytes;
    }

    long fsyncs() {
        return fsyncs.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
