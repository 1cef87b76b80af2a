package dev.outagelab.dbnode.admin;

import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleState;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.identity.Instance;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

/**
 * What {@code GET /admin/db/status} shows: who the node is, its role, what it has executed, its replication and
 * its binlog. Replication does not exist yet, so that part says so instead of inventing a healthy-looking lag.
 */
@Singleton
public class DbStatus {

    /** A primary replicates from nobody. */
    static final String NOT_CONFIGURED = "not-configured";

    /** A replica knows its source, but this build cannot replicate yet. */
    static final String NOT_STARTED = "not-started";

    private final Instance instance;
    private final NodeRole role;
    private final KvStore store;

    DbStatus(Instance instance, NodeRole role, KvStore store) {
        this.instance = instance;
        this.role = role;
        this.store = store;
    }

    public JsonObject describe() {
        RoleState state = role.current();
        boolean primary = state.role() == Role.PRIMARY;
        JsonObject replication = new JsonObject()
                .put("state", primary ? NOT_CONFIGURED : NOT_STARTED)
                .putNull("lastError")
                // Zero on a primary (it is its own source); unknown (null) on a replica until replication exists.
                .put("secondsBehind", primary ? Long.valueOf(0) : null);
        JsonObject binlog = new JsonObject()
                .put("segments", store.binlog().segments())
                .put("sizeBytes", store.binlog().sizeBytes());
        store.binlog().failure().ifPresent(failure -> binlog.put("error", failure.toString()));
        return new JsonObject()
                .put("uuid", store.serverUuid().toString())
                .put("name", instance.name())
                .put("region", instance.region().name())
                .put("role", state.role().text())
                .put("readOnly", state.readOnly())
                .put("source", state.source())
                .put("writable", store.writable())
                .put("gtidExecuted", store.executed().toString())
                .put("replication", replication)
                .put("binlog", binlog);
    }
}
