package dev.outagelab.dbnode.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogCorruptedException;
import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvStoreTest {

    @TempDir
    Path data;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesGetConsecutiveGtidsOfThisServer() throws Exception {
        try (KvStore store = KvStore.open(data)) {
            UUID uuid = store.serverUuid();

            assertEquals(new Gtid(uuid, 1), store.put("a", bytes("1")).gtid());
            assertEquals(new Gtid(uuid, 2), store.put("b", bytes("2")).gtid());
            assertEquals(new Gtid(uuid, 3), store.delete("a").gtid());
            assertEquals(GtidSet.range(uuid, 1, 3), store.executed());
            assertTrue(store.get("a").isEmpty());
            assertArrayEquals(bytes("2"), store.get("b").orElseThrow());
        }
    }

    @Test
    void anAcknowledgedWriteIsAlreadyInTheBinlogOnDisk() throws Exception {
        try (KvStore store = KvStore.open(data)) {
            store.put("k", bytes("v"));

            // A second reader of the same files sees it: the write was on disk before put returned.
            try (Binlog reader = Binlog.open(data.resolve("binlog"))) {
                List<BinlogEvent> events = new ArrayList<>();
                reader.forEachEvent(logged -> events.add(logged.event()));
                assertEquals(1, events.size());
                assertEquals("k", events.get(0).key());
            }
        }
    }

    @Test
    void serverUuidIsCreatedOnceAndKept() throws Exception {
        UUID first;
        try (KvStore store = KvStore.open(data)) {
            first = store.serverUuid();
        }
        assertEquals(first.toString(), Files.readString(data.resolve("server-uuid")).trim());

        try (KvStore store = KvStore.open(data)) {
            assertEquals(first, store.serverUuid());
        }
    }

    @Test
    void restartRebuildsTheSameStateAndContinuesTheSequence() throws Exception {
        Random random = new Random(954);
        Map<String, byte[]> before;
        GtidSet executedBefore;
        try (KvStore store = KvStore.open(data, 2048, Clock.systemUTC())) {
            for (int i = 0; i < 300; i++) {
                String key = "key-" + random.nextInt(40);
                if (random.nextInt(4) == 0) {
                    store.delete(key);
                } else {
                    store.put(key, bytes("value-" + i));
                }
            }
            before = store.snapshot();
            executedBefore = store.executed();
            assertTrue(store.binlog().end().segment() > 1, "the test should span several segments");
        }

        try (KvStore store = KvStore.open(data, 2048, Clock.systemUTC())) {
            Map<String, byte[]> after = store.snapshot();
            assertEquals(before.keySet(), after.keySet());
            before.forEach((key, value) -> assertArrayEquals(value, after.get(key), key));
            assertEquals(executedBefore, store.executed());
            assertEquals(new Gtid(store.serverUuid(), 301), store.put("next", bytes("x")).gtid());
        }
    }

    @Test
    void concurrentWritersApplyInLogOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, byte[]> live;
        try (KvStore store = KvStore.open(data)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        // Every writer hits the same few keys, so apply order decides the final values.
                        store.put("shared-" + (i % 5), bytes(writer + "/" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
            live = store.snapshot();
            assertEquals(GtidSet.range(store.serverUuid(), 1, 800), store.executed());
        } finally {
            pool.shutdownNow();
        }

        try (KvStore replayed = KvStore.open(data)) {
            Map<String, byte[]> rebuilt = replayed.snapshot();
            assertEquals(live.keySet(), rebuilt.keySet());
            live.forEach((key, value) -> assertArrayEquals(value, rebuilt.get(key), key));
        }
    }

    @Test
    void aCorruptedBinlogStopsTheStoreFromOpening() throws Exception {
        try (KvStore store = KvStore.open(data)) {
            store.put("first", bytes("1"));
            store.put("second", bytes("2"));
        }
        Path segment = data.resolve("binlog").resolve("binlog.000001");
        byte[] content = Files.readAllBytes(segment);
        content[30] ^= 0x01; // inside the first event's body, with the second event after it
        Files.write(segment, content);

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> KvStore.open(data));

        assertTrue(error.getMessage().contains("binlog.000001"), error.getMessage());
        assertArrayEquals(content, Files.readAllBytes(segment));
    }
}
