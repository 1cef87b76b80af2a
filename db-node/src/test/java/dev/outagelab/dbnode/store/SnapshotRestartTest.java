package dev.outagelab.dbnode.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.dbnode.retention.BinlogMaintenance;
import dev.outagelab.dbnode.retention.RetentionPolicy;
import dev.outagelab.kit.gtid.GtidSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up from a snapshot and the binlog after it gives exactly the state a full replay gives. */
class SnapshotRestartTest {

    private static final long SEGMENT_BYTES = 1024;

    @TempDir
    Path data;

    @TempDir
    Path copy;

    private static KvStore open(Path dir) throws IOException {
        return KvStore.open(dir, SEGMENT_BYTES, Clock.systemUTC());
    }

    /** Random puts (some overwriting) and deletes, seeded so a failure replays. */
    private static void writeRandomly(KvStore store, Random random, int writes) {
        for (int i = 0; i < writes; i++) {
            String key = "k" + random.nextInt(60);
            if (random.nextInt(5) == 0) {
                store.delete(key);
            } else {
                store.put(key, ("v" + random.nextLong()).getBytes(UTF_8));
            }
        }
    }

    private static Map<String, String> text(Map<String, byte[]> values) {
        Map<String, String> text = new TreeMap<>();
        values.forEach((key, value) -> text.put(key, new String(value, UTF_8)));
        return text;
    }

    @Test
    void restartFromASnapshotAndTheTailGivesTheSameStateAsAFullReplay() throws IOException {
        Random random = new Random(11);
        Map<String, String> before;
        GtidSet executed;
        try (KvStore store = open(data)) {
            writeRandomly(store, random, 400);
            assertTrue(store.checkpoint().isPresent());
            assertTrue(store.checkpoint().isEmpty(), "nothing new: no second snapshot at the same position");
            writeRandomly(store, random, 150);
            before = text(store.snapshot());
            executed = store.executed();
        }
        copyTree(data, copy);
        deleteTree(copy.resolve("snapshots"));

        try (KvStore fromSnapshot = open(data); KvStore fullReplay = open(copy)) {
            assertTrue(fromSnapshot.startup().snapshot().isPresent());
            assertEquals(150, fromSnapshot.startup().replayedEvents(), "only the tail is replayed");
            assertTrue(fullReplay.startup().snapshot().isEmpty());
            assertEquals(550, fullReplay.startup().replayedEvents());

            assertEquals(before, text(fromSnapshot.snapshot()));
            assertEquals(before, text(fullReplay.snapshot()));
            assertEquals(executed, fromSnapshot.executed());
            assertEquals(executed, fullReplay.executed());
            assertEquals(551, fromSnapshot.put("next", new byte[0]).gtid().seq(), "GTIDs are not reused");
        }
    }

    @Test
    void aDamagedSnapshotFallsBackToAnOlderOneThenToTheWholeLog() throws IOException {
        Random random = new Random(12);
        Map<String, String> before;
        try (KvStore store = open(data)) {
            writeRandomly(store, random, 100);
            store.checkpoint();
            writeRandomly(store, random, 100);
            store.checkpoint();
            writeRandomly(store, random, 50);
            before = text(store.snapshot());
        }
        List<Path> snapshots = new SnapshotFiles(data.resolve("snapshots")).newestFirst();
        assertEquals(2, snapshots.size());
        flipByte(snapshots.get(0), 200);

        try (KvStore store = open(data)) {
            assertEquals(Optional.of(snapshots.get(1)), store.startup().snapshot());
            assertEquals(1, store.startup().unusableSnapshots().size());
            assertTrue(store.startup().unusableSnapshots().get(0).contains(snapshots.get(0).toString())
                    && store.startup().unusableSnapshots().get(0).contains("checksum mismatch"),
                    store.startup().unusableSnapshots().toString());
            assertEquals(150, store.startup().replayedEvents());
            assertEquals(before, text(store.snapshot()));
        }

        Files.write(snapshots.get(1), new byte[] {'O', 'L'}); // cut short, as a crash mid-write could not leave it
        try (KvStore store = open(data)) {
            assertTrue(store.startup().snapshot().isEmpty());
            assertEquals(2, store.startup().unusableSnapshots().size());
            assertEquals(250, store.startup().replayedEvents());
            assertEquals(before, text(store.snapshot()));
        }
    }

    @Test
    void withSegmentsPurgedAndNoUsableSnapshotStartUpIsRefusedAndNothingIsChanged() throws IOException {
        Random random = new Random(13);
        RetentionPolicy keepLittle = new RetentionPolicy(Optional.empty(), OptionalLong.of(1), Duration.ofHours(1));
        try (KvStore store = open(data)) {
            BinlogMaintenance maintenance = new BinlogMaintenance(store, keepLittle, 1, now -> List.of(),
                    Clock.systemUTC());
            writeRandomly(store, random, 100);
            maintenance.runOnce();
            writeRandomly(store, random, 100);
            assertTrue(maintenance.runOnce().purged() > 0, "the second snapshot lets segments go");
            assertFalse(store.binlog().purged().isEmpty());
        }
        for (Path snapshot : new SnapshotFiles(data.resolve("snapshots")).newestFirst()) {
            flipByte(snapshot, 30);
        }
        List<Path> filesBefore = listTree(data);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(data));
        assertTrue(refused.getMessage().contains("no usable snapshot")
                && refused.getMessage().contains("purged"), refused.getMessage());
        assertEquals(filesBefore, listTree(data));
    }

    @Test
    void aSnapshotPastTheEndOfTheBinlogStopsStartUp() throws IOException {
        try (KvStore store = open(data)) {
            store.put("a", "1".getBytes(UTF_8));
            store.checkpoint();
        }
        Path snapshot = new SnapshotFiles(data.resolve("snapshots")).newestFirst().get(0);
        BinlogPosition at = SnapshotFiles.positionOf(snapshot);
        Files.move(snapshot, snapshot.resolveSibling(
                SnapshotFiles.fileName(new BinlogPosition(at.segment() + 5, at.offset()))));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(data));
        assertTrue(refused.getMessage().contains("past the end of the binlog"), refused.getMessage());
    }

    private static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.min(offset, bytes.length - 1)] ^= 0x40;
        Files.write(file, bytes);
    }

    private static List<Path> listTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(root::relativize).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
