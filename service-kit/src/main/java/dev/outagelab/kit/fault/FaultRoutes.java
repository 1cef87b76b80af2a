package dev.outagelab.kit.fault;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The fault API every service shares, under the admin token on the management port:
 * {@code GET/POST/DELETE /admin/faults} and {@code DELETE /admin/faults/{id}}.
 */
@Singleton
public class FaultRoutes {

    private static final Logger LOG = Logger.getLogger(FaultRoutes.class);

    private final FaultRegistry registry;
    private final ProcessHalter halter;

    FaultRoutes(FaultRegistry registry, ProcessHalter halter) {
        this.registry = registry;
        this.halter = halter;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/admin/faults").handler(rc -> JsonReplies.json(rc, 200, list(registry.active())));
        router.post("/admin/faults").handler(this::inject);
        router.delete("/admin/faults").handler(rc -> {
            List<Fault> cleared = registry.clearAll();
            cleared.forEach(f -> LOG.infof("fault %s cleared (%s)", f.id(), f.spec().toJson().encode()));
            JsonReplies.json(rc, 200, list(cleared).put("cleared", cleared.size()));
        });
        router.delete("/admin/faults/:id").handler(rc -> registry.clear(rc.pathParam("id")).ifPresentOrElse(
                f -> {
                    LOG.infof("fault %s cleared (%s)", f.id(), f.spec().toJson().encode());
                    JsonReplies.json(rc, 200, f.toJson());
                },
                () -> JsonReplies.error(rc, 404, "not_found", "no active fault with id '" + rc.pathParam("id") + "'")));
    }

    private void inject(RoutingContext rc) {
        FaultSpec spec;
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body == null) {
                JsonReplies.error(rc, 400, "bad_request", "send a JSON object, e.g. {\"type\":\"latency\",\"latency\":\"500ms\"}");
                return;
            }
            spec = FaultSpec.fromJson(body);
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object");
            return;
        } catch (IllegalArgumentException e) {
            JsonReplies.error(rc, 400, "bad_request", e.getMessage());
            return;
        }
        if (spec.type() == FaultType.CRASH) {
            LOG.error("crash fault injected: this process exits now");
            // Halt only once the reply is on the wire, so the caller learns the crash was its doing.
            rc.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .end(spec.toJson().put("message", "exiting now").encode())
                    .onComplete(done -> halter.halt());
            return;
        }
        Fault fault = registry.inject(spec);
        LOG.warnf("fault %s injected: %s", fault.id(), fault.toJson().encode());
        rc.response().putHeader("Location", "/admin/faults/" + fault.id());
        JsonReplies.json(rc, 201, fault.toJson());
    }

    private static JsonObject list(List<Fault> faults) {
        JsonArray array = new JsonArray();
        faults.forEach(f -> array.add(f.toJson()));
        return new JsonObject().put("faults", array);
    }
}
