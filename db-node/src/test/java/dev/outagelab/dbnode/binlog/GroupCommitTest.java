package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    private static final int THREADS = 16;
    private static final int APPENDS_PER_THREAD = 200;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersShareFsyncsAndEveryAppendIsDurable() throws Exception {
        GroupCommitStats stats;
        List<UUID> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            writers.add(new UUID(0x1000 + t, t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Binlog binlog = Binlog.open(dir)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (UUID writer : writers) {
                results.add(pool.submit(() -> {
                    start.await();
                    int completed = 0;
                    for (long seq = 1; seq <= APPENDS_PER_THREAD; seq++) {
                        BinlogEvent event = BinlogEvent.put(new Gtid(writer, seq), seq, "k-" + writer + "-" + seq,
                                "v".getBytes(StandardCharsets.UTF_8));
                        binlog.append(List.of(event));
                        completed++;
                    }
                    return completed;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(APPENDS_PER_THREAD, result.get(60, TimeUnit.SECONDS));
            }
            stats = binlog.stats();
        } finally {
            pool.shutdownNow();
        }

        int appends = THREADS * APPENDS_PER_THREAD;
        System.out.printf("group commit: %d appends, %d fsyncs, %d batches, average %.1f, largest %d%n",
                stats.appends(), stats.fsyncs(), stats.batches(), stats.averageBatch(), stats.largestBatch());
        assertEquals(appends, stats.appends());
        assertTrue(stats.fsyncs() < appends / 2, "expected shared fsyncs, got " + stats);
        assertTrue(stats.largestBatch() > 1, stats.toString());

        GtidSet expected = GtidSet.EMPTY;
        for (UUID writer : writers) {
            expected = expected.union(GtidSet.range(writer, 1, APPENDS_PER_THREAD));
        }
        try (Binlog reopened = Binlog.open(dir)) {
            GtidSet onDisk = GtidSet.EMPTY;
            List<BinlogEvent> events = Events.readAll(reopened);
            for (BinlogEvent event : events) {
                onDisk = onDisk.add(event.gtid());
            }
            assertEquals(appends, events.size());
            assertEquals(expected, onDisk);
        }
    }

    @Test
    void everySubmittedFutureCompletesAndListenerSeesLogOrder() throws Exception {
        List<BinlogEvent> seenByListener = new ArrayList<>();
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.onDurable(seenByListener::add);
            for (long seq = 1; seq <= 500; seq++) {
                futures.add(binlog.submit(List.of(Events.put(seq))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertEquals(Events.puts(1, 500), seenByListener);
            assertEquals(Events.puts(1, 500), Events.readAll(binlog));
            // Positions handed back grow with the log.
            for (int i = 1; i < futures.size(); i++) {
                assertTrue(futures.get(i).join().end().compareTo(futures.get(i - 1).join().end()) > 0);
            }
            assertTrue(binlog.stats().batches() < 500, binlog.stats().toString());
        }
    }
}
