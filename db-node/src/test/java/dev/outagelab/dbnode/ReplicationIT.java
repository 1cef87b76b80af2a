package dev.outagelab.dbnode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replication between three packaged nodes, each its own JVM on real loopback sockets: {@code east0} the primary,
 * {@code east1} and {@code west0} its replicas (the drill's topology). The tests run in order and build on each
 * other's state, the way the GitHub drill does: stream, lose a replica and catch up, lose the source's voice,
 * then split the brain, promote, repoint, and read the ledger.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    /** Short, so losing the source is noticed quickly; still six heartbeats. */
    private static final String NET_TIMEOUT = "db.replication.net-timeout=1500ms";

    private static Path work;
    private static PackagedNode east0;
    private static PackagedNode east1;
    private static PackagedNode west0;

    @BeforeAll
    static void startTopology() throws IOException {
        work = PackagedNode.workDir("replication-it-");
        east0 = new PackagedNode("east0", work, List.of(NET_TIMEOUT));
        east1 = new PackagedNode("east1", work, List.of(NET_TIMEOUT, "db.role=replica", "db.source=" + east0.url()));
        west0 = new PackagedNode("west0", work, List.of(NET_TIMEOUT, "db.role=replica", "db.source=" + east0.url()));
        // Replicas first: they must cope with a source that is not up yet (they retry with back-off).
        east1.start();
        west0.start();
        east0.start();
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (PackagedNode node : new PackagedNode[] {east0, east1, west0}) {
            if (node != null) {
                node.close();
            }
        }
        PackagedNode.deleteRecursively(work);
    }

    @Test
    @Order(1)
    void replicasApplyEveryWriteWithItsOriginalGtidAndReportTheirLag() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            values.put("stream/" + i, "value-" + i);
            east0.write("stream/" + i, "value-" + i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(200, east0.delete("stream/" + i).statusCode());
            values.remove("stream/" + i);
        }
        String executed = east0.status().getString("gtidExecuted");
        String primaryUuid = east0.status().getString("uuid");

        for (PackagedNode replica : List.of(east1, west0)) {
            awaitExecuted(replica, executed);
            // Lag comes from the source's heartbeats (every 250 ms): right after a reconnect the replica may have
            // applied everything before the first heartbeat tells it so.
            JsonObject status = replica.awaitStatus("no lag reported", Duration.ofSeconds(5), s -> {
                JsonObject r = s.getJsonObject("replication");
                return Double.valueOf(0.0).equals(r.getDouble("secondsBehind")) && r.getLong("bytesBehind") == 0L;
            });
            JsonObject replication = status.getJsonObject("replication");
            assertEquals("streaming", replication.getString("state"), status.encodePrettily());
            assertEquals(primaryUuid, replication.getString("sourceUuid"));
            assertTrue(replication.getLong("lastContactMillisAgo") < 1500, "heartbeats keep contact fresh: " + status);
            assertEquals(0.0, replication.getDouble("secondsBehind"), status.encodePrettily());
            assertEquals(0L, replication.getLong("bytesBehind"), status.encodePrettily());
            for (Map.Entry<String, String> entry : values.entrySet()) {
                HttpResponse<String> read = replica.get(entry.getKey());
                assertEquals(entry.getValue(), read.body(), replica.name() + " " + entry.getKey());
                assertEquals("replica", read.headers().firstValue("X-Db-Role").orElseThrow());
                assertEquals("0", read.headers().firstValue("X-Replication-Lag").orElseThrow());
            }
            assertEquals(404, replica.get("stream/0").statusCode(), "the delete was replicated too");
            HttpResponse<String> refused = replica.put("stream/x", "nope");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains(east0.url()), "the refusal names the source: " + refused.body());
            assertEquals(200, replica.adminGet("/q/health/ready").statusCode(), "a streaming replica is ready");
        }
        JsonArray attached = east0.status().getJsonArray("replicas");
        assertEquals(2, attached.size(), "the primary lists its replicas: " + attached.encodePrettily());
    }

    @Test
    @Order(2)
    void aReplicaThatWasKilledCatchesUpFromItsOwnGtidSet() throws Exception {
        west0.kill();
        for (int i = 0; i < 200; i++) {
            east0.write("catch-up/" + i, "while west0 was down " + i);
        }
        east0.delete("stream/10");
        JsonObject primary = east0.status();

        west0.start();
        awaitExecuted(west0, primary.getString("gtidExecuted"));

        assertEquals(listing(east0), listing(west0), "the replica holds exactly the primary's data");
        assertEquals(200, west0.adminGet("/q/health/ready").statusCode());
    }

    @Test
    @Order(3)
    void aReplicaNoticesWhenItsSourceGoesSilentAndReconnects() throws IOException {
        HttpResponse<String> fault = east0.adminPost("/admin/faults",
                "{\"type\":\"hang\",\"target\":\"app\",\"duration\":\"20s\"}");
        assertEquals(201, fault.statusCode(), fault.body());
        try {
            JsonObject lost = east1.awaitStatus("losing the source", Duration.ofSeconds(20), status ->
                    !"streaming".equals(status.getJsonObject("replication").getString("state"))
                    && status.getJsonObject("replication").getLong("lastContactMillisAgo") > 1500);
            assertTrue(lost.getJsonObject("replication").getString("lastError").contains("no event or heartbeat"),
                    lost.encodePrettily());
            assertEquals(null, lost.getJsonObject("replication").getValue("secondsBehind"), "lag is unknown now");
            assertEquals(503, east1.adminGet("/q/health/ready").statusCode(), "a replica without its source is not ready");
        } finally {
            assertEquals(200, east0.adminDelete("/admin/faults").statusCode());
        }
        east1.awaitStatus("streaming again", CATCH_UP, status ->
                "streaming".equals(status.getJsonObject("replication").getString("state")));
    }

    @Test
    @Order(4)
    void aSplitBrainShowsInTheLedgerAndRefusesRepointingWithErrantGtids() throws IOException {
        // The cut: the replicas stop hearing from east0, which keeps taking writes (GitHub's 954).
        for (PackagedNode replica : List.of(east1, west0)) {
            HttpResponse<String> stopped = replica.adminPost("/admin/db/stop-replication", "{}");
            assertEquals(200, stopped.statusCode(), stopped.body());
            assertEquals("stopped", new JsonObject(stopped.body()).getJsonObject("status")
                    .getJsonObject("replication").getString("state"));
        }
        Map<Gtid, String> eastOnly = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            JsonObject written = east0.write("orders/east-" + i, "paid " + i);
            eastOnly.put(Gtid.parse(written.getString("gtid")), "orders/east-" + i);
        }

        // The orchestrator promotes west0 and repoints east1 to it: east1 has nothing west0 lacks.
        HttpResponse<String> promoted = west0.adminPost("/admin/db/promote", "{}");
        assertEquals(200, promoted.statusCode(), promoted.body());
        HttpResponse<String> repointed = east1.adminPost("/admin/db/replicate-from",
                "{\"source\":\"" + west0.url() + "\"}");
        assertEquals(200, repointed.statusCode(), repointed.body());
        HttpResponse<String> again = east1.adminPost("/admin/db/replicate-from",
                "{\"source\":\"" + west0.url() + "/\"}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(false, new JsonObject(again.body()).getBoolean("changed"), "asking twice changes nothing");
        List<Gtid> westOnly = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            westOnly.add(Gtid.parse(west0.write("orders/west-" + i, "new " + i).getString("gtid")));
        }
        awaitExecuted(east1, west0.status().getString("gtidExecuted"));
        assertEquals(404, east1.get("orders/east-0").statusCode(), "east1 never saw east0's cut-off writes");

        // Healing: east0 may not simply follow west0, it holds writes west0 lacks.
        HttpResponse<String> refused = east0.adminPost("/admin/db/replicate-from",
                "{\"source\":\"" + west0.url() + "\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        JsonObject refusal = new JsonObject(refused.body());
        assertEquals("errant_gtids", refusal.getString("error"));
        assertEquals(setOf(eastOnly.keySet()), GtidSet.parse(refusal.getString("errant")));
        JsonObject stillPrimary = east0.status();
        assertEquals("primary", stillPrimary.getString("role"));
        assertTrue(stillPrimary.getBoolean("writable"), "a refusal changes nothing");

        // The ledger, from each side.
        JsonObject eastLedger = new JsonObject(east0.ledger(west0).body());
        assertEquals(5, eastLedger.getInteger("count"), eastLedger.encodePrettily());
        assertEquals(setOf(eastOnly.keySet()), GtidSet.parse(eastLedger.getString("missingOnOther")));
        JsonArray events = eastLedger.getJsonArray("events");
        int i = 0;
        for (Map.Entry<Gtid, String> expected : eastOnly.entrySet()) {
            JsonObject event = events.getJsonObject(i);
            assertEquals(expected.getKey().toString(), event.getString("gtid"));
            assertEquals("put", event.getString("op"));
            assertEquals(expected.getValue(), event.getString("key"));
            assertEquals("paid " + i, event.getString("value"));
            assertTrue(event.getString("time").endsWith("Z"), event.encode());
            i++;
        }
        JsonObject westLedger = new JsonObject(west0.ledger(east0).body());
        assertEquals(setOf(westOnly), GtidSet.parse(westLedger.getString("missingOnOther")));
        assertEquals("orders/west-0", westLedger.getJsonArray("events").getJsonObject(0).getString("key"));

        // An operator who has saved the ledger may force it; east0 keeps its errant writes, and the ledger says so.
        HttpResponse<String> forced = east0.adminPost("/admin/db/replicate-from",
                "{\"source\":\"" + west0.url() + "\",\"force\":true}");
        assertEquals(200, forced.statusCode(), forced.body());
        awaitExecuted(east0, west0.status().getString("gtidExecuted") + "," + setOf(eastOnly.keySet()));
        assertEquals("new 2", east0.get("orders/west-2").body());
        assertEquals(5, new JsonObject(east0.ledger(west0).body()).getInteger("count"));
    }

    private static GtidSet setOf(Iterable<Gtid> gtids) {
        GtidSet set = GtidSet.EMPTY;
        for (Gtid gtid : gtids) {
            set = set.add(gtid);
        }
        return set;
    }

    private static JsonObject awaitExecuted(PackagedNode node, String executed) {
        GtidSet target = GtidSet.parse(executed);
        return node.awaitStatus("executed set " + executed, CATCH_UP,
                status -> GtidSet.parse(status.getString("gtidExecuted")).equals(target));
    }

    /** Every key and value, paging through the listing. */
    private static List<Object> listing(PackagedNode node) throws IOException {
        List<Object> items = new ArrayList<>();
        String after = null;
        do {
            String query = "limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, UTF_8));
            HttpResponse<String> page = node.list(query);
            JsonObject body = new JsonObject(page.body());
            items.addAll(body.getJsonArray("items").getList());
            after = body.getString("next");
        } while (after != null);
        return items;
    }
}
