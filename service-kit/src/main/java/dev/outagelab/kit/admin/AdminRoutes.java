package dev.outagelab.kit.admin;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.kit.identity.Instance;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The admin API on the management port: everything under {@code /admin} needs the bearer token, then
 * {@code GET /admin/info} says who this instance is. Other admin routes (faults, per service) hang below.
 */
@Singleton
public class AdminRoutes {

    /** Before every route a service adds under /admin, but after the fault filter's order. */
    public static final int AUTH_ORDER = -1_000;

    private final AdminToken token;
    private final Instance instance;

    AdminRoutes(AdminToken token, Instance instance) {
        this.token = token;
        this.instance = instance;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.route("/admin/*").order(AUTH_ORDER).handler(rc -> {
            if (token.permits(rc.request().getHeader("Authorization"))) {
                rc.next();
            } else {
                rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"outage-lab\"");
                JsonReplies.error(rc, 401, "unauthorized",
                        "admin endpoints need 'Authorization: Bearer <token>' with the lab's admin token");
            }
        });
        router.get("/admin/info").handler(rc -> JsonReplies.json(rc, 200, new JsonObject(instance.describe())));
    }
}
