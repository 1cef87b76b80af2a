package dev.outagelab.dbnode.admin;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.binlog.Operation;
import dev.outagelab.dbnode.ledger.SplitBrainLedger;
import dev.outagelab.dbnode.replication.ErrantGtidsException;
import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.replication.SourceClient;
import dev.outagelab.dbnode.replication.SourceUnreachableException;
import dev.outagelab.dbnode.rest.KvItem;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.NotFencedException;
import dev.outagelab.dbnode.role.RoleChange;
import dev.outagelab.dbnode.role.SourceUrl;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The database's admin API on the management port, under the kit's admin token: {@code GET /admin/db/status},
 * {@code POST /admin/db/promote}, {@code POST /admin/db/replicate-from}, {@code POST /admin/db/read-only},
 * {@code POST /admin/db/stop-replication} and {@code start-replication}, and {@code GET /admin/db/ledger}.
 * Changes persist the role file (an fsync) or ask another node, so they run as blocking handlers.
 */
@Singleton
public class DbAdminRoutes {

    private static final String READ_ONLY_EXAMPLE = "send a JSON object, e.g. {\"enabled\":true}";
    private static final String REPLICATE_FROM_EXAMPLE =
            "send a JSON object, e.g. {\"source\":\"http://127.0.0.1:8087\",\"force\":false}";
    static final int DEFAULT_LEDGER_LIMIT = 10_000;
    static final int MAX_LEDGER_LIMIT = 100_000;

    private final NodeRole role;
    private final DbStatus status;
    private final Replication replication;
    private final SourceClient sources;
    private final KvStore store;

    DbAdminRoutes(NodeRole role, DbStatus status, Replication replication, SourceClient sources, KvStore store) {
        this.role = role;
        this.status = status;
        this.replication = replication;
        this.sources = sources;
        this.store = store;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/admin/db/status").blockingHandler(rc -> JsonReplies.json(rc, 200, status.describe()));
        router.post("/admin/db/promote").blockingHandler(rc -> apply(rc, replication::promote));
        router.post("/admin/db/read-only").blockingHandler(this::readOnly);
        router.post("/admin/db/replicate-from").blockingHandler(this::replicateFrom);
        router.post("/admin/db/stop-replication").blockingHandler(rc -> replicationSwitch(rc, false));
        router.post("/admin/db/start-replication").blockingHandler(rc -> replicationSwitch(rc, true));
        router.get("/admin/db/ledger").blockingHandler(this::ledger);
    }

    /** The body as a JSON object, or null after answering 400. */
    private static JsonObject object(RoutingContext rc, String example) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; " + example);
            return null;
        }
        if (body == null) {
            JsonReplies.error(rc, 400, "bad_request", "the body is empty; " + example);
        }
        return body;
    }

    private void readOnly(RoutingContext rc) {
        JsonObject body = object(rc, READ_ONLY_EXAMPLE);
        if (body == null) {
            return;
        }
        Object enabled = body.getValue("enabled");
        if (!(enabled instanceof Boolean flag)) {
            JsonReplies.error(rc, 400, "bad_request", enabled == null
                    ? "field 'enabled' is missing; " + READ_ONLY_EXAMPLE
                    : "field 'enabled' must be true or false, was " + body.encode());
            return;
        }
        Object onlyIfFenced = body.getValue("onlyIfFenced", Boolean.FALSE);
        if (!(onlyIfFenced instanceof Boolean conditional) || (conditional && flag)) {
            JsonReplies.error(rc, 400, "bad_request", "field 'onlyIfFenced' must be true or false, and true only "
                    + "with \"enabled\": false (lift the restart fence), was " + body.encode());
            return;
        }
        if (!conditional) {
            apply(rc, () -> role.setReadOnly(flag));
            return;
        }
        try {
            apply(rc, role::liftFence);
        } catch (NotFencedException e) {
            JsonReplies.error(rc, 409, "not_fenced", e.getMessage());
        }
    }

    private void replicateFrom(RoutingContext rc) {
        JsonObject body = object(rc, REPLICATE_FROM_EXAMPLE);
        if (body == null) {
            return;
        }
        Object source = body.getValue("source");
        Object force = body.getValue("force", Boolean.FALSE);
        if (!(source instanceof String url)) {
            JsonReplies.error(rc, 400, "bad_request", (source == null ? "field 'source' is missing; "
                    : "field 'source' must be a string; ") + REPLICATE_FROM_EXAMPLE);
            return;
        }
        if (!(force instanceof Boolean forced)) {
            JsonReplies.error(rc, 400, "bad_request", "field 'force' must be true or false; " + REPLICATE_FROM_EXAMPLE);
            return;
        }
        try {
            SourceUrl.parse(url, "source");
        } catch (IllegalArgumentException e) {
            JsonReplies.error(rc, 400, "bad_request", e.getMessage());
            return;
        }
        try {
            apply(rc, () -> replication.replicateFrom(url, forced));
        } catch (ErrantGtidsException e) {
            JsonReplies.json(rc, 409, new JsonObject().put("error", "errant_gtids").put("message", e.getMessage())
                    .put("errant", e.errant().toString()).put("count", e.errant().count()));
        } catch (IllegalArgumentException e) {
            JsonReplies.error(rc, 400, "bad_request", e.getMessage());
        }
    }

    private void replicationSwitch(RoutingContext rc, boolean start) {
        boolean changed;
        try {
            changed = start ? replication.startReplication() : replication.stopReplication();
        } catch (IllegalStateException e) {
            JsonReplies.error(rc, 409, "not_a_replica", e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonReplies.error(rc, 500, "interrupted", "interrupted while stopping replication");
            return;
        }
        JsonReplies.json(rc, 200, new JsonObject()
                .put("action", start ? "start-replication" : "stop-replication")
                .put("changed", changed)
                .put("at", Instant.now().toString())
                .put("status", status.describe()));
    }

    private void ledger(RoutingContext rc) {
        String other = rc.queryParams().get("other");
        String example = "e.g. GET /admin/db/ledger?other=http://127.0.0.1:8088";
        if (other == null || other.isBlank()) {
            JsonReplies.error(rc, 400, "bad_request", "query parameter 'other' (the other node's base URL) is "
                    + "missing; " + example);
            return;
        }
        int limit = DEFAULT_LEDGER_LIMIT;
        String limitText = rc.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LEDGER_LIMIT) {
                JsonReplies.error(rc, 400, "invalid_limit", "limit must be 1.." + MAX_LEDGER_LIMIT + ", was '"
                        + limitText + "'");
                return;
            }
        }
        SourceClient.NodeInfo info;
        try {
            info = sources.describe(SourceUrl.parse(other, "other"));
        } catch (IllegalArgumentException e) {
            JsonReplies.error(rc, 400, "bad_request", e.getMessage());
            return;
        } catch (IOException e) {
            JsonReplies.error(rc, 502, "other_unreachable", "cannot ask the other node for its GTID set: "
                    + e.getMessage());
            return;
        }
        var here = store.executed();
        SplitBrainLedger.Entries entries = SplitBrainLedger.between(store.binlog(), here, info.executed(), limit);
        JsonArray events = new JsonArray();
        for (BinlogEvent event : entries.events()) {
            KvItem value = KvItem.of(event.key(), event.value());
            events.add(new JsonObject()
                    .put("gtid", event.gtid().toString())
                    .put("time", Instant.ofEpochMilli(event.timestampMillis()).toString())
                    .put("op", event.operation().name().toLowerCase(Locale.ROOT))
                    .put("key", event.key())
                    .put("value", event.operation() == Operation.DELETE ? null : value.value())
                    .put("base64", value.base64()));
        }
        JsonReplies.json(rc, 200, new JsonObject()
                .put("node", new JsonObject().put("uuid", store.serverUuid().toString())
                        .put("gtidExecuted", here.toString()))
                .put("other", new JsonObject().put("url", info.url()).put("uuid", info.uuid().toString())
                        .put("name", info.name()).put("role", info.role())
                        .put("gtidExecuted", info.executed().toString()))
                .put("missingOnOther", entries.missing().toString())
                .put("count", entries.missing().count())
                .put("truncated", entries.truncated())
                .put("purged", entries.purged().toString())
                .put("events", events));
    }

    private interface Change {
        RoleChange run() throws IOException, InterruptedException, SourceUnreachableException;
    }

    private void apply(RoutingContext rc, Change change) {
        RoleChange done;
        try {
            done = change.run();
        } catch (SourceUnreachableException e) {
            JsonReplies.error(rc, 502, "source_unreachable", e.getMessage());
            return;
        } catch (IOException e) {
            JsonReplies.error(rc, 500, "persist_failed", "the role state could not be persisted, nothing changed: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonReplies.error(rc, 500, "interrupted", "interrupted; nothing changed");
            return;
        }
        JsonReplies.json(rc, 200, new JsonObject()
                .put("action", done.action())
                .put("changed", done.changed())
                .put("at", done.at().toString())
                .put("status", status.describe()));
    }
}
