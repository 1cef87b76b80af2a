package dev.outagelab.orchestrator.topology;

import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.json.JsonObject;

/**
 * What one db-node said about itself in {@code GET /admin/db/status} (the fields the orchestrator uses).
 *
 * @param url                   the node's app-port base URL, which replicas use as their {@code source}
 * @param source                the URL this node replicates from, or null on a primary
 * @param replicationState      not-configured, connecting, streaming, error or stopped
 * @param lastContactMillisAgo  since the source last sent an event or heartbeat; null when never
 * @param secondsBehind         replication lag; null when unknown
 * @param fenced                a primary that restarted and refuses writes until someone confirms it is still
 *                              the primary (db-node's restart fence); false from a db-node that does not say
 * @param readOnlyReason        why the node is read-only, as it says; null when it is not (or does not say)
 */
public record DbNodeStatus(String uuid, String name, String region, String url, String role, boolean readOnly,
                           boolean writable, String source, GtidSet gtidExecuted, String replicationState,
                           String sourceUuid, String lastError, Long lastContactMillisAgo, Double secondsBehind,
                           boolean fenced, String readOnlyReason) {

    public static DbNodeStatus fromJson(JsonObject json) {
        JsonObject replication = json.getJsonObject("replication", new JsonObject());
        Number contact = replication.getNumber("lastContactMillisAgo");
        Number behind = replication.getNumber("secondsBehind");
        return new DbNodeStatus(
                json.getString("uuid"), json.getString("name"), json.getString("region"), json.getString("url"),
                json.getString("role"), json.getBoolean("readOnly", false), json.getBoolean("writable", false),
                json.getString("source"), GtidSet.parse(json.getString("gtidExecuted", "")),
                replication.getString("state", "not-configured"), replication.getString("sourceUuid"),
                replication.getString("lastError"),
                contact == null ? null : contact.longValue(), behind == null ? null : behind.doubleValue(),
                json.getBoolean("fenced", false), json.getString("readOnlyReason"));
    }

    public boolean isPrimary() {
        return "primary".equals(role);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("uuid", uuid).put("name", name).put("region", region).put("url", url).put("role", role)
                .put("readOnly", readOnly).put("writable", writable).put("fenced", fenced)
                .put("readOnlyReason", readOnlyReason).put("source", source)
                .put("gtidExecuted", gtidExecuted.toString())
                .put("replication", new JsonObject().put("state", replicationState).put("sourceUuid", sourceUuid)
                        .put("lastError", lastError).put("lastContactMillisAgo", lastContactMillisAgo)
                        .put("secondsBehind", secondsBehind));
    }
}
