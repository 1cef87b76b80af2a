package dev.outagelab.kit.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This process's identity, as shown by {@code /admin/info} and {@code /whoami}. */
@Singleton
public class Instance {

    private final InstanceConfig config;
    private final String component;
    private final String version;
    private final Instant startedAt = Instant.now();

    Instance(InstanceConfig config,
             @ConfigProperty(name = "quarkus.application.name") String component,
             @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.component = component;
        this.version = version;
    }

    public String name() {
        return config.name();
    }

    public Region region() {
        return config.region();
    }

    /** The module this instance runs, e.g. {@code db-node}. */
    public String component() {
        return component;
    }

    public Map<String, Object> describe() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", config.name());
        info.put("component", component);
        info.put("region", config.region().name());
        config.pop().ifPresent(pop -> info.put("pop", pop));
        info.put("version", version);
        info.put("pid", ProcessHandle.current().pid());
        info.put("startedAt", startedAt.toString());
        info.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        return info;
    }
}
