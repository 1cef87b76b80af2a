package dev.outagelab.dbnode.binlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Lets concurrent writers share fsyncs. Appenders only queue their events; one commit thread takes everything
 * queued, writes it in queue order, forces it once, tells the durable-listener (in log order), and only then
 * completes every waiter's future. While it waits on the disk, new appends pile up for the next batch, so the
 * busier the node, the bigger the batches — the same idea as MySQL's binlog group commit.
 */
final class GroupCommitter implements AutoCloseable {

    private record PendingAppend(List<BinlogEvent> events, List<ByteBuffer> frames,
            CompletableFuture<AppendResult> done) {
    }

    private final SegmentWriter writer;
    private final Consumer<List<LoggedEvent>> onDurable;
    private final Object lock = new Object();
    private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
    private final Thread commitThread;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();
    private volatile CommitObserver observer = CommitObserver.NONE;
    private boolean closing;
    private Throwable failure;

    GroupCommitter(SegmentWriter writer, Consumer<List<LoggedEvent>> onDurable) {
        this.writer = writer;
        this.onDurable = onDurable;
        this.commitThread = new Thread(this::commitLoop, "binlog-group-commit");
        commitThread.setDaemon(true);
        commitThread.start();
    }

    /** Queues the events as one unit; the future completes once they are fsync'd, or fails with the reason. */
    CompletableFuture<AppendResult> submit(List<BinlogEvent> toAppend) {
        // Encoding here, on the caller's thread, rejects an oversized event before it can fail a whole batch,
        // and keeps the commit thread's time for I/O.
        List<ByteBuffer> frames = toAppend.stream().map(EventCodec::encode).toList();
        CompletableFuture<AppendResult> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("binlog is closed");
            }
            if (failure != null) {
                done.completeExceptionally(failedBefore());
                return done;
            }
            queue.add(new PendingAppend(List.copyOf(toAppend), frames, done));
            lock.notifyAll();
        }
        return done;
    }

    private void commitLoop() {
        while (true) {
            List<PendingAppend> batch = new ArrayList<>();
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closing = true;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch.addAll(queue);
                queue.clear();
                if (failure != null) {
                    batch.forEach(pending -> pending.done().completeExceptionally(failedBefore()));
                    continue;
                }
            }
            commit(batch);
        }
    }

    private void commit(List<PendingAppend> batch) {
        List<BinlogEvent> all = new ArrayList<>();
        List<ByteBuffer> frames = new ArrayList<>();
        for (PendingAppend pending : batch) {
            all.addAll(pending.events());
            frames.addAll(pending.frames());
        }
        List<BinlogPosition> ends;
        try {
            ends = writer.writeDurably(frames);
            onDurable.accept(logged(all, frames, ends));
        } catch (IOException | RuntimeException | Error e) {
            // After a failed write or fsync the file's tail is unknown (Linux may even drop the dirty pages), so
            // like MySQL's binlog_error_action=ABORT_SERVER we refuse every later write instead of guessing.
            synchronized (lock) {
                failure = e;
            }
            batch.forEach(pending -> pending.done().completeExceptionally(e));
            return;
        }
        appends.addAndGet(batch.size());
        events.addAndGet(all.size());
        batches.incrementAndGet();
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        observer.committed(batch.size(), all.size());
        int eventIndex = 0;
        for (PendingAppend pending : batch) {
            eventIndex += pending.events().size();
            BinlogPosition end = eventIndex == 0 ? writer.durableEnd() : ends.get(eventIndex - 1);
            pending.done().complete(new AppendResult(end, batch.size()));
        }
    }

    /** Each event with where it starts (its end less its frame: a frame never spans two segments) and ends. */
    private static List<LoggedEvent> logged(List<BinlogEvent> events, List<ByteBuffer> frames,
            List<BinlogPosition> ends) {
        List<LoggedEvent> logged = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            BinlogPosition end = ends.get(i);
            logged.add(new LoggedEvent(events.get(i),
                    new BinlogPosition(end.segment(), end.offset() - frames.get(i).limit()), end));
        }
        return logged;
    }

    private IllegalStateException failedBefore() {
        return new IllegalStateException("binlog refuses writes after an earlier write failed: " + failure, failure);
    }

    /** Why the binlog refuses writes, once a write or fsync has failed; empty while it is healthy. */
    Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    void observe(CommitObserver commitObserver) {
        this.observer = commitObserver;
    }

    GroupCommitStats stats() {
        return new GroupCommitStats(appends.get(), events.get(), batches.get(), writer.fsyncs(), largestBatch.get());
    }

    /** Commits what is already queued, then stops the commit thread. */
    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        commitThread.join();
    }
}
