package dev.outagelab.dbnode.admin;

import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.RoleChange;
import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The database's admin API on the management port, under the kit's admin token: {@code GET /admin/db/status},
 * {@code POST /admin/db/promote} and {@code POST /admin/db/read-only}. Changes persist the role file (an fsync),
 * so they run as blocking handlers, off the event loop.
 */
@Singleton
public class DbAdminRoutes {

    private static final String READ_ONLY_EXAMPLE = "send a JSON object, e.g. {\"enabled\":true}";

    private final NodeRole role;
    private final DbStatus status;

    DbAdminRoutes(NodeRole role, DbStatus status) {
        this.role = role;
        this.status = status;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/admin/db/status").blockingHandler(rc -> JsonReplies.json(rc, 200, status.describe()));
        router.post("/admin/db/promote").blockingHandler(rc -> apply(rc, role::promote));
        router.post("/admin/db/read-only").blockingHandler(this::readOnly);
    }

    private void readOnly(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; " + READ_ONLY_EXAMPLE);
            return;
        }
        if (body == null) {
            JsonReplies.error(rc, 400, "bad_request", "the body is empty; " + READ_ONLY_EXAMPLE);
            return;
        }
        Object enabled = body.getValue("enabled");
        if (!(enabled instanceof Boolean flag)) {
            JsonReplies.error(rc, 400, "bad_request", enabled == null
                    ? "field 'enabled' is missing; " + READ_ONLY_EXAMPLE
                    : "field 'enabled' must be true or false, was " + body.encode());
            return;
        }
        apply(rc, () -> role.setReadOnly(flag));
    }

    private interface Change {
        RoleChange run() throws IOException;
    }

    private void apply(RoutingContext rc, Change change) {
        RoleChange done;
        try {
            done = change.run();
        } catch (IOException e) {
            JsonReplies.error(rc, 500, "persist_failed", "the role state could not be persisted, nothing changed: " + e);
            return;
        }
        JsonReplies.json(rc, 200, new JsonObject()
                .put("action", done.action())
                .put("changed", done.changed())
                .put("at", done.at().toString())
                .put("status", status.describe()));
    }
}
