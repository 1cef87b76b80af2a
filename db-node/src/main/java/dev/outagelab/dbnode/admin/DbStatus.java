package dev.outagelab.dbnode.admin;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.replication.ConnectedReplicas;
import dev.outagelab.dbnode.replication.ReplicaStatus;
import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.replication.SemiSyncGate;
import dev.outagelab.dbnode.retention.BinlogMaintenance;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.RoleState;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.identity.Instance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;

/**
 * What {@code GET /admin/db/status} shows: who the node is, its role, what it has executed, its replication
 * (from the replica's side), semi-sync and the replicas streaming from it (from the source's side), its binlog.
 * The shape is the contract the orchestrator codes against; fields are only ever added.
 */
@Singleton
public class DbStatus {

    private final Instance instance;
    private final NodeRole role;
    private final KvStore store;
    private final Replication replication;
    private final SemiSyncGate semiSync;
    private final ConnectedReplicas replicas;
    private final String url;
    private final BinlogMaintenance maintenance;

    DbStatus(Instance instance, NodeRole role, KvStore store, Replication replication, SemiSyncGate semiSync,
            ConnectedReplicas replicas, DbConfig config, BinlogMaintenance maintenance) {
        this.maintenance = maintenance;
        this.instance = instance;
        this.role = role;
        this.store = store;
        this.replication = replication;
        this.semiSync = semiSync;
        this.replicas = replicas;
        this.url = config.advertiseUrl();
    }

    private String newestSnapshot() {
        try {
            return store.newestSnapshot().map(Object::toString).orElse(null);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    public JsonObject describe() {
        RoleState state = role.current();
        ReplicaStatus replica = replication.status();
        JsonObject replicationJson = new JsonObject()
                .put("state", replica.state().text())
                .put("sourceUuid", replica.sourceUuid() == null ? null : replica.sourceUuid().toString())
                .put("lastError", replica.lastError())
                .put("lastErrorAt", replica.lastErrorAt() == null ? null : replica.lastErrorAt().toString())
                .put("lastContactMillisAgo", replica.lastContactMillisAgo())
                .put("secondsBehind", replica.secondsBehind())
                .put("bytesBehind", replica.bytesBehind())
                .put("eventsApplied", replica.eventsApplied());
        SemiSyncGate.Snapshot sync = semiSync.snapshot();
        JsonObject semiSyncJson = new JsonObject()
                .put("enabled", sync.enabled())
                .put("active", sync.active())
                .put("fallbacks", sync.fallbacks())
                .put("timeoutMillis", sync.timeoutMillis())
                .put("lastFallbackAt", sync.lastFallbackAt() == null ? null : sync.lastFallbackAt().toString());
        JsonArray connected = new JsonArray();
        for (ConnectedReplicas.Link link : replicas.current()) {
            var acked = sync.acknowledged().get(link.replicaUuid());
            Instant lastAck = sync.lastAckAt().get(link.replicaUuid());
            connected.add(new JsonObject()
                    .put("uuid", link.replicaUuid().toString())
                    .put("name", link.replicaName())
                    .put("remoteAddress", link.remoteAddress())
                    .put("connectedAt", link.connectedAt().toString())
                    .put("acknowledged", acked == null ? null : acked.toString())
                    .put("lastAckAt", lastAck == null ? null : lastAck.toString()));
        }
        JsonObject binlog = new JsonObject()
                .put("segments", store.binlog().segments())
                .put("sizeBytes", store.binlog().sizeBytes())
                .put("firstSegment", store.binlog().start().segment())
                .put("gtidPurged", store.binlog().purged().toString())
                .put("snapshot", newestSnapshot())
                .put("retention", maintenance.keptBecause());
        store.binlog().failure().ifPresent(failure -> binlog.put("error", failure.toString()));
        return new JsonObject()
                .put("uuid", store.serverUuid().toString())
                .put("name", instance.name())
                .put("region", instance.region().name())
                .put("url", url)
                .put("role", state.role().text())
                .put("readOnly", state.readOnly())
                .put("readOnlyReason", role.readOnlyReason().orElse(null))
                .put("fenced", role.fenced())
                .put("writable", store.writable())
                .put("source", state.source())
                .put("gtidExecuted", store.executed().toString())
                .put("replication", replicationJson)
                .put("semiSync", semiSyncJson)
                .put("replicas", connected)
                .put("binlog", binlog);
    }
}
