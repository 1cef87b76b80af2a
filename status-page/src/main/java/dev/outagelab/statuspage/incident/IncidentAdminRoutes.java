package dev.outagelab.statuspage.incident;

import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.statuspage.api.LiveStream;
import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A person's hand on incidents, on the management port under the kit's admin token:
 * <ul>
 * <li>{@code POST /admin/incidents/{id}/updates} {@code {"status":"identified","body":"..."}}</li>
 * <li>{@code POST /admin/incidents/{id}/impact} {@code {"impact":"major"}}</li>
 * <li>{@code POST /admin/incidents/{id}/resolve} {@code {"body":"..."}}</li>
 * </ul>
 * Each answers the incident as it is now; bad input is a 400 naming the field, and changes nothing.
 */
@Singleton
public class IncidentAdminRoutes {

    private static final int MAX_BODY = 4000;

    private final IncidentService incidents;
    private final LiveStream stream;

    IncidentAdminRoutes(IncidentService incidents, LiveStream stream) {
        this.incidents = incidents;
        this.stream = stream;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.post("/admin/incidents/:id/updates").handler(this::update);
        router.post("/admin/incidents/:id/impact").handler(this::impact);
        router.post("/admin/incidents/:id/resolve").handler(this::resolve);
    }

    private void update(RoutingContext rc) {
        JsonObject body = body(rc);
        if (body == null) {
            return;
        }
        Optional<IncidentStatus> status = parse(body.getValue("status"), IncidentStatus.values());
        if (status.isEmpty()) {
            JsonReplies.error(rc, 400, "bad_request",
                    "field 'status' must be one of investigating, identified, monitoring, resolved");
            return;
        }
        String text = text(rc, body);
        if (text != null) {
            answer(rc, incidents.postUpdate(rc.pathParam("id"), status.get(), text));
        }
    }

    private void resolve(RoutingContext rc) {
        JsonObject body = body(rc);
        if (body == null) {
            return;
        }
        String text = text(rc, body);
        if (text != null) {
            answer(rc, incidents.postUpdate(rc.pathParam("id"), IncidentStatus.RESOLVED, text));
        }
    }

    private void impact(RoutingContext rc) {
        JsonObject body = body(rc);
        if (body == null) {
            return;
        }
        Optional<Impact> impact = parse(body.getValue("impact"), Impact.values());
        if (impact.isEmpty()) {
            JsonReplies.error(rc, 400, "bad_request", "field 'impact' must be one of none, minor, major, critical");
            return;
        }
        answer(rc, incidents.changeImpact(rc.pathParam("id"), impact.get()));
    }

    private void answer(RoutingContext rc, Optional<Incident> incident) {
        if (incident.isEmpty()) {
            JsonReplies.error(rc, 404, "not_found", "no incident '" + rc.pathParam("id") + "'");
            return;
        }
        stream.publishChange();
        Incident i = incident.get();
        JsonReplies.json(rc, 200, new JsonObject().put("id", i.id()).put("name", i.name())
                .put("status", i.status().apiValue()).put("impact", i.impact().apiValue())
                .put("updates", i.updates().size()));
    }

    private static JsonObject body(RoutingContext rc) {
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body == null) {
                JsonReplies.error(rc, 400, "bad_request", "the body is empty; send a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object");
            return null;
        }
    }

    private static String text(RoutingContext rc, JsonObject body) {
        Object text = body.getValue("body");
        if (!(text instanceof String s) || s.isBlank()) {
            JsonReplies.error(rc, 400, "bad_request", "field 'body' must be a non-empty string");
            return null;
        }
        if (s.length() > MAX_BODY) {
            JsonReplies.error(rc, 400, "bad_request", "field 'body' is " + s.length() + " characters; at most "
                    + MAX_BODY + " are allowed");
            return null;
        }
        return s.strip();
    }

    private static <E extends Enum<E>> Optional<E> parse(Object value, E[] values) {
        if (!(value instanceof String s)) {
            return Optional.empty();
        }
        return Arrays.stream(values).filter(v -> v.name().equalsIgnoreCase(s)).findFirst();
    }
}
