package dev.outagelab.kit.identity;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /whoami} on the application port, like traefik/whoami: shows which instance answered, so a trainee
 * behind a Service or a POP can see where a request landed. Faults on the application port apply to it.
 */
@Singleton
public class WhoamiRoute {

    private final Instance instance;

    WhoamiRoute(Instance instance) {
        this.instance = instance;
    }

    void register(@Observes Router router) {
        router.get("/whoami").handler(rc -> JsonReplies.json(rc, 200, new JsonObject(instance.describe())));
    }
}
