package dev.outagelab.cdnedge.admin;

import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.cache.EdgeCache;
import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.dns.OriginResolver;
import dev.outagelab.cdnedge.origin.OriginClient;
import dev.outagelab.cdnedge.service.ServiceFile;
import dev.outagelab.cdnedge.service.ServiceRegistry;
import dev.outagelab.cdnedge.service.StagedRollout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What {@code GET /admin/edge/status} shows: release, active services, origin pools, cache, DNS and rollouts. */
@Singleton
public class EdgeStatus {

    private final ServiceRegistry registry;
    private final StagedRollout staged;
    private final ServiceFile file;
    private final OriginClient origins;
    private final OriginResolver resolver;
    private final EdgeCache cache;
    private final EdgeConfig config;

    EdgeStatus(ServiceRegistry registry, StagedRollout staged, ServiceFile file, OriginClient origins,
               OriginResolver resolver, EdgeCache cache, EdgeConfig config) {
        this.registry = registry;
        this.staged = staged;
        this.file = file;
        this.origins = origins;
        this.resolver = resolver;
        this.cache = cache;
        this.config = config;
    }

    public JsonObject describe() {
        JsonObject services = new JsonObject();
        for (String name : registry.serviceNames().stream().sorted().toList()) {
            int active = registry.activeVersion(name).orElse(0);
            services.put(name, new JsonObject().put("activeVersion", active)
                    .put("versions", registry.versions(name).size())
                    .put("domains", registry.activeConfig(name).map(c -> c.domains()).orElse(java.util.List.of())));
        }
        JsonObject pools = new JsonObject();
        origins.stats().forEach((origin, s) -> pools.put(origin, new JsonObject().put("inUse", s.inUse())
                .put("waiting", s.waiting()).put("max", s.max()).put("breaker", s.breaker())));
        JsonObject dns = new JsonObject();
        resolver.cached().forEach((name, a) -> {
            JsonObject answer = a.targets().isEmpty() ? new JsonObject().put("addresses", a.addresses())
                    : new JsonObject().put("targets", new JsonArray(a.targets().stream().map(t -> new JsonObject()
                            .put("priority", t.priority()).put("weight", t.weight()).put("port", t.port())
                            .put("target", t.target())).toList()));
            dns.put(name, answer.put("expiresAt", java.time.Instant.ofEpochMilli(a.expiresAt()).toString()));
        });
        JsonObject rollouts = new JsonObject();
        staged.watches().forEach((name, w) -> rollouts.put(name, new JsonObject().put("version", w.version())
                .put("since", w.since().toString()).put("state", w.state()).put("reason", w.reason())));
        JsonObject status = new JsonObject()
                .put("release", registry.release().version())
                .put("validateAgainstRelease", config.activation().validateAgainstRelease())
                .put("stagedActivation", config.activation().staged())
                .put("services", services)
                .put("origins", pools)
                .put("cache", new JsonObject().put("bytes", cache.weightedBytes()).put("objects", cache.objectCount())
                        .put("maxBytes", config.cache().maxBytes()))
                .put("dns", new JsonObject().put("resolvers", config.dns().resolvers())
                        .put("serveStale", config.dns().serveStale()).put("cached", dns))
                .put("rollouts", rollouts);
        file.lastLoad().ifPresent(l -> status.put("servicesFile", new JsonObject().put("at", l.at().toString())
                .put("ok", l.ok()).put("message", l.message())));
        return status;
    }
}
