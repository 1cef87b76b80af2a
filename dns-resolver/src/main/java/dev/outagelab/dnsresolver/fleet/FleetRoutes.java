package dev.outagelab.dnsresolver.fleet;

import java.util.LinkedHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The fleet's admin API on the management port, under the kit's /admin token guard. Members use the
 * {@code /admin/fleet/member} and {@code /admin/fleet/config} routes to talk to each other.
 */
@Singleton
public class FleetRoutes {

    private final FleetService fleet;

    FleetRoutes(FleetService fleet) {
        this.fleet = fleet;
    }

    void register(@Observes ManagementInterface management) {
        register(management.router(), fleet);
    }

    /** Also used by the multi-member test, which serves several members from one JVM with exactly these routes. */
    public static void register(Router router, FleetService fleet) {
        // Blocking work (peer HTTP calls, the DNS self-query) runs unordered on the worker pool: a PUT that is
        // passing a change on must not hold up this member's answer to another member's status request.
        router.get("/admin/fleet").handler(rc -> JsonReplies.json(rc, 200, fleet.toJson()));
        router.get("/admin/fleet/config").handler(rc -> JsonReplies.json(rc, 200, fleet.running().toJson()));
        router.put("/admin/fleet/config").blockingHandler(rc -> putConfig(rc, fleet), false);
        router.get("/admin/fleet/events").handler(rc -> JsonReplies.json(rc, 200, fleet.log().toJson()));
        router.get("/admin/fleet/member").blockingHandler(rc -> JsonReplies.json(rc, 200,
                fleet.selfStatus().toJson()), false);
        router.post("/admin/fleet/member").handler(rc -> setMember(rc, fleet));
    }

    private static void putConfig(RoutingContext rc, FleetService fleet) {
        JsonObject doc = jsonBody(rc);
        if (doc == null) {
            return;
        }
        String forwardedBy = rc.request().getHeader(FleetService.FORWARDED_HEADER);
        try {
            FleetConfig applied = fleet.apply(doc, forwardedBy == null ? "admin API" : "peer " + forwardedBy);
            JsonObject reply = new JsonObject().put("config", applied.toJson());
            if (forwardedBy == null) {
                reply.put("peers", new JsonObject(new LinkedHashMap<>(fleet.forward(doc))));
            }
            JsonReplies.json(rc, 200, reply);
        } catch (InvalidFleetConfigException e) {
            JsonReplies.json(rc, 400, new JsonObject().put("error", "invalid_fleet_config").put("key", e.key())
                    .put("message", e.getMessage()).put("running", fleet.running().toJson()));
        }
    }

    private static void setMember(RoutingContext rc, FleetService fleet) {
        JsonObject body = jsonBody(rc);
        if (body == null) {
            return;
        }
        if (!(body.getValue("in-service") instanceof Boolean inService)) {
            JsonReplies.error(rc, 400, "bad_request", "in-service: required, true or false");
            return;
        }
        Object reason = body.getValue("reason") == null ? "manual" : body.getValue("reason");
        Object by = body.getValue("by") == null ? "admin API" : body.getValue("by");
        if (!(reason instanceof String) || !(by instanceof String)) {
            JsonReplies.error(rc, 400, "bad_request", "reason and by must be strings");
            return;
        }
        fleet.member().take(inService, (String) reason, (String) by, fleet.clock().instant());
        JsonObject state = fleet.member().status(true).toJson();
        state.remove("healthy"); // not measured here; GET /admin/fleet/member says
        JsonReplies.json(rc, 200, state);
    }

    private static JsonObject jsonBody(RoutingContext rc) {
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (DecodeException | ClassCastException e) {
            // answered below
        }
        JsonReplies.error(rc, 400, "bad_request", "send a JSON object");
        return null;
    }
}
