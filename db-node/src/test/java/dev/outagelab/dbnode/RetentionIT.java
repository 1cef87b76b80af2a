package dev.outagelab.dbnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Binlog retention between packaged nodes: a primary that would purge everything it may (size limit 1 byte,
 * small segments, a snapshot and a purge every 200 ms) keeps what a stopped replica still lacks, purges the rest,
 * refuses a new replica the purged events with MySQL's error 1236, and restarts from its snapshot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VALUE = "v".repeat(100);

    private static Path work;
    private static PackagedNode primary;
    private static PackagedNode replica;
    private static PackagedNode fresh;

    @BeforeAll
    static void start() throws IOException {
        work = PackagedNode.workDir("retention-it-");
        primary = new PackagedNode("primary", work, List.of("db.binlog.segment-size=4K",
                "db.binlog.retention.max-size=1", "db.snapshot.every=1", "db.binlog.maintenance-interval=200ms"));
        replica = new PackagedNode("replica", work, List.of("db.role=replica", "db.source=" + primary.url()));
        primary.start();
        replica.start();
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (PackagedNode node : new PackagedNode[] {primary, replica, fresh}) {
            if (node != null) {
                node.close();
            }
        }
        PackagedNode.deleteRecursively(work);
    }

    private static GtidSet executed(PackagedNode node) throws IOException {
        return GtidSet.parse(node.status().getString("gtidExecuted"));
    }

    private static GtidSet purged(JsonObject status) {
        return GtidSet.parse(status.getJsonObject("binlog").getString("gtidPurged"));
    }

    @Test
    @Order(1)
    void aStoppedReplicaKeepsWhatItLacksAndCatchesUpAfterwards() throws IOException {
        for (int i = 0; i < 50; i++) {
            primary.write("early/" + i, VALUE);
        }
        GtidSet early = executed(primary);
        replica.awaitStatus("replica has the first 50 writes", WAIT,
                status -> GtidSet.parse(status.getString("gtidExecuted")).equals(early));
        assertEquals(200, replica.adminPost("/admin/db/stop-replication", "").statusCode());
        GtidSet replicaHas = executed(replica);

        for (int i = 0; i < 300; i++) {
            primary.write("late/" + i, VALUE);
        }
        JsonObject pinned = primary.awaitStatus("segments the replica has are purged, the rest pinned", WAIT,
                status -> !purged(status).isEmpty()
                        && status.getJsonObject("binlog").getString("retention").contains("has not executed yet"));
        assertTrue(replicaHas.containsAll(purged(pinned)), "purged only what the stopped replica has: " + pinned);
        assertTrue(pinned.getJsonObject("binlog").getInteger("firstSegment") > 1);

        assertEquals(200, replica.adminPost("/admin/db/start-replication", "").statusCode());
        GtidSet all = executed(primary);
        replica.awaitStatus("replica caught up after the purge", WAIT,
                status -> GtidSet.parse(status.getString("gtidExecuted")).equals(all));
        assertEquals(VALUE, replica.get("late/299").body());

        // Acknowledged, the replica no longer pins: the primary purges up to what its snapshots need.
        primary.awaitStatus("the primary purges past the replica's old position, no longer pinned", WAIT,
                status -> purged(status).count() > replicaHas.count() + 100
                        && !status.getJsonObject("binlog").getString("retention").contains("has not executed yet"));
    }

    @Test
    @Order(2)
    void aNewReplicaAskingForPurgedEventsIsRefusedWithError1236() throws IOException {
        fresh = new PackagedNode("fresh", work, List.of("db.role=replica", "db.source=" + primary.url(),
                "db.replication.retry-max=500ms"));
        fresh.start();
        JsonObject refused = fresh.awaitStatus("the purged-binlog error", WAIT,
                status -> "error".equals(status.getJsonObject("replication").getString("state"))
                        && String.valueOf(status.getJsonObject("replication").getString("lastError")).contains("1236"));
        String error = refused.getJsonObject("replication").getString("lastError");
        assertTrue(error.contains("purged_binlogs") && error.contains("the missing transactions are '"
                + primary.status().getJsonObject("binlog").getString("gtidPurged").split(":")[0]), error);
        assertEquals("", refused.getString("gtidExecuted"), "nothing was applied from a stream with a hole");
    }

    @Test
    @Order(3)
    void thePrimaryRestartsFromItsSnapshotWithTheSameState() throws IOException, InterruptedException {
        JsonObject before = primary.status();
        primary.kill();
        primary.start();
        JsonObject after = primary.status();
        assertEquals(before.getString("gtidExecuted"), after.getString("gtidExecuted"));
        assertEquals(before.getJsonObject("binlog").getString("gtidPurged"),
                after.getJsonObject("binlog").getString("gtidPurged"));
        assertNotNull(after.getJsonObject("binlog").getString("snapshot"));
        assertTrue(primary.log().contains("state rebuilt from snapshot"), "start-up used a snapshot");
        for (int i : new int[] {0, 49}) {
            assertEquals(VALUE, primary.get("early/" + i).body());
        }
        assertEquals(VALUE, primary.get("late/299").body());
        primary.liftFence(); // a restarted primary is fenced until someone confirms it; here, the test
        String next = primary.write("after-restart", "x").getString("gtid");
        assertEquals(GtidSet.parse(before.getString("gtidExecuted")).count() + 1,
                Long.parseLong(next.substring(next.lastIndexOf(':') + 1)), "GTIDs continue, none reused");
    }
}
