package dev.outagelab.cdnedge.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.cdnedge.config.EdgeConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Loads service configs from {@code edge.services.file} and re-reads it when its content changes, the way a
 * mounted ConfigMap changes under a pod (the kubelet swaps a symlink, so content, not mtime, is compared). A
 * service whose JSON changed becomes a new version and is activated; a file that does not parse or validate is
 * refused as a whole and the running configs stay. Without a file the edge serves the built-in news.lab service.
 */
@Singleton
public class ServiceFile {

    private static final Logger LOG = Logger.getLogger(ServiceFile.class);

    /** The outcome of the last read, for the admin status. */
    public record LastLoad(Instant at, boolean ok, String message) {
    }

    private final ServiceRegistry registry;
    private final StagedRollout staged;
    private final EdgeConfig.Services settings;
    private final Vertx vertx;
    private volatile String lastText;
    private volatile LastLoad lastLoad;

    ServiceFile(ServiceRegistry registry, StagedRollout staged, EdgeConfig config, Vertx vertx) {
        this.registry = registry;
        this.staged = staged;
        this.settings = config.services();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) throws InvalidConfigException {
        Optional<Path> file = settings.file().map(Path::of);
        if (file.isEmpty()) {
            apply(List.of(ConfigParser.parse(builtIn(settings.defaultDomain(), settings.defaultOriginHost(),
                    settings.defaultOriginPort(), settings.defaultOriginSrv(), settings.defaultKvTtl()))), "built-in");
            return;
        }
        // An invalid file at start-up stops the edge with the field named; after that, a bad change is only refused.
        try {
            reload(file.get(), true);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("edge.services.file " + file.get() + " is invalid: " + e.getMessage(), e);
        }
        vertx.setPeriodic(settings.reloadInterval().toMillis(),
                id -> vertx.executeBlocking(() -> {
                    try {
                        reload(file.get(), false);
                    } catch (InvalidConfigException e) {
                        LOG.errorf("%s was changed but is invalid, the running configs stay: %s", file.get(),
                                e.getMessage());
                    }
                    return null;
                }, false));
    }

    public Optional<LastLoad> lastLoad() {
        return Optional.ofNullable(lastLoad);
    }

    /**
     * The built-in service: the lab's news site, its origin resolved through dns-resolver, as a host and port or,
     * when an SRV name is given, as the servers its SRV records list.
     */
    static JsonObject builtIn(String domain, String originHost, int originPort, Optional<String> originSrv,
                              Duration kvTtl) {
        JsonObject service = new JsonObject()
                .put("name", "news")
                .put("domains", new JsonArray().add(domain))
                .put("origin", originSrv.map(srv -> new JsonObject().put("srv", srv))
                        .orElseGet(() -> new JsonObject().put("host", originHost).put("port", originPort)));
        if (!kvTtl.isZero()) {
            service.put("rules", new JsonArray().add(new JsonObject().put("name", "kv").put("pathPrefix", "/kv/")
                    .put("ttl", kvTtl.toMillis() + "ms")));
        }
        return service;
    }

    synchronized void reload(Path file, boolean atStart) throws InvalidConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (atStart) {
                LOG.warnf("%s does not exist yet; serving no services until it does", file);
            }
            return;
        } catch (IOException e) {
            lastLoad = new LastLoad(Instant.now(), false, "cannot read " + file + ": " + e.getMessage());
            LOG.error(lastLoad.message());
            return;
        }
        if (text.equals(lastText)) {
            return;
        }
        lastText = text;
        try {
            List<ServiceConfig> services = ConfigParser.parseFile(text);
            apply(services, "file");
            lastLoad = new LastLoad(Instant.now(), true, services.size() + " services read from " + file);
        } catch (InvalidConfigException e) {
            lastLoad = new LastLoad(Instant.now(), false, e.getMessage());
            throw e;
        }
    }

    private void apply(List<ServiceConfig> services, String source) throws InvalidConfigException {
        // Check all before activating any, so a file is taken whole or not at all.
        for (ServiceConfig service : services) {
            List<ConfigError> errors = registry.validate(service);
            if (!errors.isEmpty()) {
                throw new InvalidConfigException(errors.stream()
                        .map(e -> new ConfigError(service.name() + "." + e.field(), e.message())).toList());
            }
        }
        for (ServiceConfig service : services) {
            if (service.sameAs(registry.activeConfig(service.name()).orElse(null))) {
                continue;
            }
            int version = registry.addVersion(service);
            Activation activation = registry.activate(service.name(), version, source, staged.stagedByDefault());
            if (activation.staged()) {
                staged.watch(activation);
            }
        }
    }
}
