package dev.outagelab.kit.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one JSON error shape every endpoint of the kit answers with: {@code {"error": code, "message": text}}. */
public final class JsonReplies {

    private JsonReplies() {
    }

    public static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    public static void error(RoutingContext rc, int status, String code, String message) {
        json(rc, status, new JsonObject().put("error", code).put("message", message));
    }
}
