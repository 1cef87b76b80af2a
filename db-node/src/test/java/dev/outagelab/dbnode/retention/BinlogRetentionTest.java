package dev.outagelab.dbnode.retention;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.ledger.SplitBrainLedger;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.gtid.GtidSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention drops old segments, but never what a known replica lacks nor what the kept snapshots need. */
class BinlogRetentionTest {

    private static final long SEGMENT_BYTES = 1024;
    private static final Duration UNSEEN = Duration.ofHours(1);

    @TempDir
    Path data;

    private static void write(KvStore store, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            store.put(prefix + i, ("value-" + i + "-".repeat(40)).getBytes(UTF_8));
        }
    }

    private static GtidSet inBinlog(KvStore store) {
        GtidSet[] all = {GtidSet.EMPTY};
        store.binlog().forEachEvent(logged -> all[0] = all[0].add(logged.event().gtid()));
        return all[0];
    }

    @Test
    void aLaggingReplicaKeepsWhatItLacksAndTheRestGoes() throws IOException {
        try (KvStore store = KvStore.open(data, SEGMENT_BYTES, Clock.systemUTC())) {
            List<ReplicaPin> pins = new ArrayList<>();
            RetentionPolicy bySize = new RetentionPolicy(Optional.empty(), OptionalLong.of(2048), UNSEEN);
            BinlogMaintenance maintenance = new BinlogMaintenance(store, bySize, 1, now -> List.copyOf(pins),
                    Clock.systemUTC());
            write(store, "early/", 50);
            GtidSet replicaHas = store.executed();
            pins.add(new ReplicaPin("lagging", replicaHas));
            write(store, "late/", 150);

            BinlogMaintenance.Round first = maintenance.runOnce();
            assertTrue(first.snapshot().isPresent());
            assertEquals(0, first.purged(), "one snapshot is not enough to purge: " + first.plan());
            BinlogMaintenance.Round second = maintenance.runOnce(); // nothing new: no second snapshot yet
            assertEquals(0, second.purged());
            write(store, "more/", 20);
            BinlogMaintenance.Round third = maintenance.runOnce();
            assertTrue(third.purged() > 0, "segments only the replica's older events were in go: " + third.plan());
            assertTrue(third.plan().keptBecause().contains("lagging"), third.plan().keptBecause());

            GtidSet purged = store.binlog().purged();
            assertTrue(replicaHas.containsAll(purged), "only what the replica has is purged: " + purged);
            assertTrue(inBinlog(store).containsAll(store.executed().subtract(replicaHas)),
                    "everything the replica lacks is still in the binlog");
            assertEquals(store.executed(), inBinlog(store).union(purged), "no event is neither kept nor purged");
            assertTrue(store.binlog().sizeBytes() > 2048, "the replica holds the log above the size limit");

            pins.set(0, new ReplicaPin("lagging", store.executed())); // it caught up
            write(store, "last/", 20);
            BinlogMaintenance.Round caughtUp = maintenance.runOnce();
            assertTrue(caughtUp.purged() > 0);
            assertTrue(caughtUp.plan().keptBecause().contains("snapshot"), caughtUp.plan().keptBecause());
            assertEquals(store.executed(), inBinlog(store).union(store.binlog().purged()));
            assertTrue(store.binlog().purged().count() > purged.count());

            // The ledger against an empty node lists what the binlog still has and names what was purged.
            SplitBrainLedger.Entries ledger = SplitBrainLedger.between(store.binlog(), store.executed(),
                    GtidSet.EMPTY, 10_000);
            assertEquals(store.binlog().purged(), ledger.purged());
            assertEquals(store.executed().count() - ledger.purged().count(), ledger.events().size());
        }
        // Reopened: the purged set, the first segment and the state all come back.
        try (KvStore store = KvStore.open(data, SEGMENT_BYTES, Clock.systemUTC())) {
            assertTrue(store.binlog().start().segment() > 1);
            assertEquals(store.executed(), inBinlog(store).union(store.binlog().purged()));
            assertEquals(240, store.snapshot().size());
        }
    }

    @Test
    void segmentsGoByAgeOnlyOnceTheyAreOlderThanMaxAge() throws IOException {
        try (KvStore store = KvStore.open(data, SEGMENT_BYTES, Clock.systemUTC())) {
            RetentionPolicy byAge = new RetentionPolicy(Optional.of(Duration.ofHours(1)), OptionalLong.empty(), UNSEEN);
            Instant now = Instant.now();
            BinlogMaintenance today = new BinlogMaintenance(store, byAge, 1, at -> List.of(),
                    Clock.fixed(now, ZoneOffset.UTC));
            write(store, "a/", 60);
            today.runOnce();
            write(store, "b/", 60);
            BinlogMaintenance.Round young = today.runOnce();
            assertEquals(0, young.purged());
            assertTrue(young.plan().keptBecause().contains("within the retention policy"), young.plan().keptBecause());

            BinlogMaintenance later = new BinlogMaintenance(store, byAge, 1, at -> List.of(),
                    Clock.fixed(now.plus(Duration.ofHours(2)), ZoneOffset.UTC));
            BinlogMaintenance.Round old = later.runOnce();
            assertTrue(old.purged() > 0);
            assertTrue(old.plan().keptBecause().contains("snapshot"), old.plan().keptBecause());
        }
    }

    @Test
    void withoutALimitNothingIsPurged() throws IOException {
        try (KvStore store = KvStore.open(data, SEGMENT_BYTES, Clock.systemUTC())) {
            RetentionPolicy keepAll = new RetentionPolicy(Optional.empty(), OptionalLong.empty(), UNSEEN);
            BinlogMaintenance maintenance = new BinlogMaintenance(store, keepAll, 1, at -> List.of(),
                    Clock.systemUTC());
            write(store, "a/", 100);
            maintenance.runOnce();
            write(store, "b/", 100);
            assertEquals(0, maintenance.runOnce().purged());
            assertEquals(1, store.binlog().start().segment());
            assertTrue(store.binlog().purged().isEmpty());
        }
    }
}
