package dev.outagelab.statuspage.api;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.probe.Prober;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /admin/components/{key or id}/maintenance} {@code {"enabled":true,"note":"..."}} on the
 * management port, under the kit's admin token: the one way {@code under_maintenance} is ever shown.
 */
@Singleton
public class ComponentAdminRoutes {

    private static final String EXAMPLE = "send e.g. {\"enabled\":true,\"note\":\"resolver upgrade\"}";

    private final Prober prober;

    ComponentAdminRoutes(Prober prober) {
        this.prober = prober;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.post("/admin/components/:key/maintenance").blockingHandler(this::maintenance);
    }

    private void maintenance(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; " + EXAMPLE);
            return;
        }
        if (body == null || !(body.getValue("enabled") instanceof Boolean enabled)) {
            JsonReplies.error(rc, 400, "bad_request", "field 'enabled' must be true or false; " + EXAMPLE);
            return;
        }
        Object note = body.getValue("note");
        if (note != null && (!(note instanceof String text) || text.length() > 500)) {
            JsonReplies.error(rc, 400, "bad_request", "field 'note' must be a string of at most 500 characters");
            return;
        }
        Optional<ComponentState> state = prober.maintenance(rc.pathParam("key"), enabled, (String) note);
        if (state.isEmpty()) {
            JsonReplies.error(rc, 404, "not_found", "no component '" + rc.pathParam("key")
                    + "'; use a key such as db-writes or a component id from /api/v2/components.json");
            return;
        }
        ComponentState now = state.get();
        JsonReplies.json(rc, 200, new JsonObject().put("component", rc.pathParam("key"))
                .put("status", now == null ? null : now.status().apiValue())
                .put("description", now == null ? null : now.reason()));
    }
}
