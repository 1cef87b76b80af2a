package dev.outagelab.cdnedge.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.cache.EdgeCache;
import dev.outagelab.cdnedge.service.Activation;
import dev.outagelab.cdnedge.service.ConfigError;
import dev.outagelab.cdnedge.service.ConfigParser;
import dev.outagelab.cdnedge.service.InvalidConfigException;
import dev.outagelab.cdnedge.service.ServiceConfig;
import dev.outagelab.cdnedge.service.ServiceRegistry;
import dev.outagelab.cdnedge.service.StagedRollout;
import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge's admin API on the management port, behind the kit's admin token: service config versions
 * (validate, create, activate, rollback), the activation log, purges, and a status document. See README.md.
 */
@Singleton
public class EdgeAdminRoutes {

    private final ServiceRegistry registry;
    private final StagedRollout staged;
    private final EdgeCache cache;
    private final EdgeStatus status;

    EdgeAdminRoutes(ServiceRegistry registry, StagedRollout staged, EdgeCache cache, EdgeStatus status) {
        this.registry = registry;
        this.staged = staged;
        this.cache = cache;
        this.status = status;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/admin/edge/status").handler(rc -> JsonReplies.json(rc, 200, status.describe()));
        router.get("/admin/edge/activations").handler(rc -> JsonReplies.json(rc, 200,
                new JsonObject().put("activations", new JsonArray(registry.activations().stream()
                        .map(EdgeAdminRoutes::json).toList()))));
        router.post("/admin/edge/services/validate").handler(this::validate);
        router.post("/admin/edge/services").handler(this::create);
        router.get("/admin/edge/services/:name").handler(this::versions);
        router.post("/admin/edge/services/:name/versions/:version/activate").handler(this::activate);
        router.post("/admin/edge/services/:name/rollback").handler(this::rollback);
        router.post("/admin/edge/purge").handler(this::purge);
    }

    private Optional<ServiceConfig> parse(RoutingContext rc) {
        try {
            ServiceConfig config = ConfigParser.parse(rc.body().asString());
            List<ConfigError> errors = registry.validate(config);
            if (!errors.isEmpty()) {
                invalid(rc, new InvalidConfigException(errors));
                return Optional.empty();
            }
            return Optional.of(config);
        } catch (InvalidConfigException e) {
            invalid(rc, e);
            return Optional.empty();
        }
    }

    private void validate(RoutingContext rc) {
        parse(rc).ifPresent(config -> JsonReplies.json(rc, 200, new JsonObject().put("valid", true)
                .put("service", config.name()).put("release", registry.release().version())));
    }

    private void create(RoutingContext rc) {
        parse(rc).ifPresent(config -> {
            int version = registry.addVersion(config);
            JsonReplies.json(rc, 201, new JsonObject().put("service", config.name()).put("version", version)
                    .put("active", false));
        });
    }

    private void versions(RoutingContext rc) {
        String name = rc.pathParam("name");
        List<ServiceConfig> versions = registry.versions(name);
        if (versions.isEmpty()) {
            JsonReplies.error(rc, 404, "not_found", "no service named '" + name + "'");
            return;
        }
        int active = registry.activeVersion(name).orElse(0);
        JsonArray list = new JsonArray();
        for (int i = 0; i < versions.size(); i++) {
            list.add(new JsonObject().put("version", i + 1).put("active", i + 1 == active)
                    .put("config", versions.get(i).source()));
        }
        JsonReplies.json(rc, 200, new JsonObject().put("service", name).put("activeVersion", active)
                .put("versions", list));
    }

    private void activate(RoutingContext rc) {
        String name = rc.pathParam("name");
        int version;
        try {
            version = Integer.parseInt(rc.pathParam("version"));
        } catch (NumberFormatException e) {
            JsonReplies.error(rc, 400, "bad_request", "the version must be a number, was '" + rc.pathParam("version") + "'");
            return;
        }
        String stagedParam = rc.request().getParam("staged");
        if (stagedParam != null && !stagedParam.equals("true") && !stagedParam.equals("false")) {
            JsonReplies.error(rc, 400, "bad_request", "staged must be true or false, was '" + stagedParam + "'");
            return;
        }
        boolean stage = stagedParam == null ? staged.stagedByDefault() : Boolean.parseBoolean(stagedParam);
        try {
            Activation activation = registry.activate(name, version, "api", stage);
            if (stage) {
                staged.watch(activation);
            }
            JsonReplies.json(rc, 200, json(activation));
        } catch (InvalidConfigException e) {
            boolean missing = registry.version(name, version).isEmpty();
            if (missing) {
                JsonReplies.error(rc, 404, "not_found", e.getMessage());
            } else {
                invalid(rc, e);
            }
        }
    }

    private void rollback(RoutingContext rc) {
        try {
            JsonReplies.json(rc, 200, json(registry.rollback(rc.pathParam("name"), "rollback", "by an operator")));
        } catch (InvalidConfigException e) {
            JsonReplies.error(rc, 409, "no_rollback", e.getMessage());
        }
    }

    private void purge(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String example = "send {\"url\": \"http://news.lab/kv/a\"}, {\"service\": \"news\", \"surrogateKey\": \"k\"}"
                + " or {\"all\": true}";
        if (body == null) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; " + example);
            return;
        }
        if (body.getValue("url") instanceof String url) {
            Optional<String> cacheUrl = cacheUrl(url);
            if (cacheUrl.isEmpty()) {
                JsonReplies.error(rc, 400, "bad_request", "url must be an absolute http URL, was '" + url + "'");
                return;
            }
            JsonReplies.json(rc, 200, new JsonObject().put("purged", cache.purgeUrl(cacheUrl.get())));
        } else if (body.getValue("surrogateKey") instanceof String key && body.getValue("service") instanceof String s) {
            JsonReplies.json(rc, 200, new JsonObject().put("purged", cache.purgeSurrogateKey(s, key)));
        } else if (Boolean.TRUE.equals(body.getValue("all"))) {
            cache.purgeAll();
            JsonReplies.json(rc, 200, new JsonObject().put("purged", "all"));
        } else {
            JsonReplies.error(rc, 400, "bad_request", example);
        }
    }

    /** The cache's form of a URL: host (lower case, no port) and the request URI exactly as sent. */
    static Optional<String> cacheUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + path + query);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static void invalid(RoutingContext rc, InvalidConfigException e) {
        JsonReplies.json(rc, 422, new JsonObject().put("error", "invalid_config").put("message", e.getMessage())
                .put("errors", new JsonArray(e.errors().stream()
                        .map(err -> new JsonObject().put("field", err.field()).put("message", err.message()))
                        .toList())));
    }

    static JsonObject json(Activation a) {
        return new JsonObject().put("service", a.service()).put("version", a.version())
                .put("previousVersion", a.previousVersion()).put("at", a.at().toString()).put("source", a.source())
                .put("staged", a.staged()).put("reason", a.reason());
    }
}
