package dev.outagelab.dbnode.replication;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.dbnode.ledger.SplitBrainLedger;
import dev.outagelab.dbnode.store.KvStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying another node's events keeps their GTIDs and survives a restart; the ledger lists what the other lacks. */
class ApplyAndLedgerTest {

    @TempDir
    Path primaryDir;

    @TempDir
    Path replicaDir;

    @Test
    void replicatedEventsKeepTheirGtidsSkipDuplicatesAndSurviveARestart() throws IOException {
        List<BinlogEvent> shipped = new ArrayList<>();
        try (KvStore primary = open(primaryDir); KvStore replica = open(replicaDir)) {
            primary.put("a", "1".getBytes(UTF_8));
            primary.put("b", "2".getBytes(UTF_8));
            primary.delete("a");
            primary.binlog().forEachEvent(logged -> shipped.add(logged.event()));
            assertThrows(IllegalStateException.class, () -> replica.applyReplicated(shipped),
                    "a writable node refuses replicated events");
            replica.setWritable(false);

            assertEquals(3, replica.applyReplicated(shipped).size());
            assertEquals(0, replica.applyReplicated(shipped).size(), "GTIDs it has are skipped");

            assertEquals(primary.executed(), replica.executed());
            assertEquals(primary.snapshot().keySet(), replica.snapshot().keySet());
        }
        try (KvStore replica = open(replicaDir)) {
            assertEquals(GtidSet.range(shipped.get(0).gtid().serverUuid(), 1, 3), replica.executed());
            assertArrayEquals("2".getBytes(UTF_8), replica.get("b").orElseThrow());
            assertFalse(replica.get("a").isPresent());
            Gtid own = replica.put("c", "3".getBytes(UTF_8)).gtid();
            assertEquals(replica.serverUuid(), own.serverUuid(), "its own writes carry its own uuid");
        }
    }

    @Test
    void theLedgerListsExactlyTheEventsTheOtherSideLacks() throws IOException {
        try (KvStore east = open(primaryDir); KvStore west = open(replicaDir)) {
            east.put("shared", "s".getBytes(UTF_8));
            List<BinlogEvent> common = new ArrayList<>();
            east.binlog().forEachEvent(logged -> common.add(logged.event()));
            west.setWritable(false);
            west.applyReplicated(common);
            west.setWritable(true);
            // The split: both sides take writes.
            Gtid eastOnly1 = east.put("order/1", "paid".getBytes(UTF_8)).gtid();
            Gtid eastOnly2 = east.delete("shared").gtid();
            Gtid westOnly = west.put("order/2", "new".getBytes(UTF_8)).gtid();

            SplitBrainLedger.Entries eastLedger = SplitBrainLedger.between(east.binlog(), east.executed(),
                    west.executed(), 100);
            SplitBrainLedger.Entries westLedger = SplitBrainLedger.between(west.binlog(), west.executed(),
                    east.executed(), 100);
            SplitBrainLedger.Entries truncated = SplitBrainLedger.between(east.binlog(), east.executed(),
                    west.executed(), 1);

            assertEquals(List.of(eastOnly1, eastOnly2), eastLedger.events().stream().map(BinlogEvent::gtid).toList());
            assertEquals("order/1", eastLedger.events().get(0).key());
            assertArrayEquals("paid".getBytes(UTF_8), eastLedger.events().get(0).value());
            assertEquals(GtidSet.of(eastOnly1).add(eastOnly2), eastLedger.missing());
            assertEquals(List.of(westOnly), westLedger.events().stream().map(BinlogEvent::gtid).toList());
            assertTrue(truncated.truncated());
            assertEquals(1, truncated.events().size());
        }
    }

    private static KvStore open(Path dir) throws IOException {
        return KvStore.open(dir, Binlog.DEFAULT_MAX_SEGMENT_BYTES, Clock.systemUTC());
    }
}
