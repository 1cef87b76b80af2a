package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the metrics read: the log's size and the per-commit observations. */
class BinlogObservationTest {

    @TempDir
    Path dir;

    @Test
    void sizeIsEveryByteOfEverySegmentAcrossRotationAndReopen() throws Exception {
        // While open, the segment being written is grown ahead with zeros that are not log; closing trims them.
        long sizeBeforeClose;
        try (Binlog binlog = Binlog.open(dir, 256)) {
            assertEquals(onDisk(), binlog.sizeBytes(), "a new log is one bare header");
            for (long seq = 1; seq <= 40; seq++) {
                binlog.append(List.of(Events.put(seq)));
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.count() > 2, "256-byte segments rotated");
            }
            sizeBeforeClose = binlog.sizeBytes();
        }
        assertEquals(onDisk(), sizeBeforeClose);
        try (Binlog reopened = Binlog.open(dir, 256)) {
            assertEquals(onDisk(), reopened.sizeBytes(), "counted again from the files on open");
            reopened.append(Events.puts(41, 45));
            sizeBeforeClose = reopened.sizeBytes();
        }
        assertEquals(onDisk(), sizeBeforeClose);
    }

    @Test
    void observerSeesEveryFsyncAndEveryBatch() throws Exception {
        AtomicInteger fsyncs = new AtomicInteger();
        List<Integer> batchEvents = new CopyOnWriteArrayList<>();
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.observeCommits(new CommitObserver() {
                @Override
                public void fsynced(long nanos) {
                    fsyncs.incrementAndGet();
                }

                @Override
                public void committed(int appends, int events) {
                    batchEvents.add(events);
                }
            });
            binlog.append(Events.puts(1, 3));
            binlog.append(Events.puts(4, 4));

            assertEquals(List.of(3, 1), batchEvents);
            assertEquals(binlog.stats().fsyncs(), fsyncs.get());
        }
    }

    @Test
    void aThrowingObserverNeitherFailsNorBlocksWrites() throws Exception {
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.observeCommits(new CommitObserver() {
                @Override
                public void fsynced(long nanos) {
                    throw new IllegalStateException("broken metrics");
                }

                @Override
                public void committed(int appends, int events) {
                    throw new IllegalStateException("broken metrics");
                }
            });
            binlog.append(Events.puts(1, 1));
            binlog.append(Events.puts(2, 2));

            assertEquals(Events.puts(1, 2), Events.readAll(binlog));
        }
    }

    private long onDisk() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }
}
