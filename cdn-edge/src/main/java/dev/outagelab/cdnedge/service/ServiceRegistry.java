package dev.outagelab.cdnedge.service;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.release.Release;
import dev.outagelab.cdnedge.release.SharedHeaderIndex;

/**
 * Every version of every service config, which one is active, and the activation log. Requests read an immutable
 * {@link Snapshot} without locks; changes are serialised and swap the snapshot in one step.
 */
@Singleton
public class ServiceRegistry {

    private static final Logger LOG = Logger.getLogger(ServiceRegistry.class);
    private static final int LOG_LIMIT = 1000;

    /** What requests see: active services by domain; the generation changes on every activation. */
    public record Snapshot(Map<String, ActiveService> byDomain, List<ServiceConfig> active, long generation) {
    }

    private final Release release;
    private final boolean validateAgainstRelease;
    private final Map<String, List<ServiceConfig>> versions = new TreeMap<>();
    private final Map<String, Deque<Integer>> history = new HashMap<>();
    private final Map<String, Integer> activeVersions = new TreeMap<>();
    private final Deque<Activation> log = new ArrayDeque<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), 0);
    private final Optional<RegistryStore> store;

    @Inject
    ServiceRegistry(EdgeConfig config) {
        this(Release.of(config.release()), config.activation().validateAgainstRelease(),
                config.data().dir().map(Path::of));
    }

    public ServiceRegistry(Release release, boolean validateAgainstRelease) {
        this(release, validateAgainstRelease, Optional.empty());
    }

    /** With a data directory, versions and activations are written there and read back at start-up. */
    public ServiceRegistry(Release release, boolean validateAgainstRelease, Optional<Path> dataDir) {
        this.release = release;
        this.validateAgainstRelease = validateAgainstRelease;
        this.store = dataDir.map(RegistryStore::new);
        store.ifPresent(this::replay);
    }

    /** Rebuilds versions, history, active versions and the log from disk, as they were before the restart. */
    private synchronized void replay(RegistryStore from) {
        for (RegistryStore.StoredVersion stored : from.versions()) {
            List<ServiceConfig> list = versions.computeIfAbsent(stored.service(), n -> new ArrayList<>());
            if (stored.version() != list.size() + 1) {
                throw new IllegalStateException("edge.data.dir: versions.jsonl has version " + stored.version()
                        + " of " + stored.service() + " where " + (list.size() + 1) + " was expected");
            }
            try {
                list.add(ConfigParser.parse(stored.config()));
            } catch (InvalidConfigException e) {
                throw new IllegalStateException("edge.data.dir: stored version " + stored.version() + " of "
                        + stored.service() + " no longer parses: " + e.getMessage(), e);
            }
        }
        List<Activation> activations = from.activations();
        for (Activation a : activations) {
            if (version(a.service(), a.version()).isEmpty()) {
                throw new IllegalStateException("edge.data.dir: activations.jsonl names version " + a.version()
                        + " of " + a.service() + ", which versions.jsonl does not hold");
            }
            Deque<Integer> stack = history.computeIfAbsent(a.service(), s -> new ArrayDeque<>());
            if (a.source().endsWith("rollback")) {
                stack.poll();
            } else {
                stack.push(a.version());
            }
            activeVersions.put(a.service(), a.version());
            log.addFirst(a);
            while (log.size() > LOG_LIMIT) {
                log.removeLast();
            }
        }
        activeVersions.forEach((service, version) -> install(versions.get(service).get(version - 1), version));
        if (!activations.isEmpty()) {
            LOG.infof("restored %d versions and %d activations from disk", versions.values().stream()
                    .mapToInt(List::size).sum(), activations.size());
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Release release() {
        return release;
    }

    public Optional<ActiveService> forHost(String host) {
        return Optional.ofNullable(snapshot.byDomain().get(host));
    }

    /** Problems that would stop this config from being activated now, beyond its syntax. */
    public synchronized List<ConfigError> validate(ServiceConfig candidate) {
        List<ConfigError> errors = new ArrayList<>();
        List<ServiceConfig> others = new ArrayList<>();
        for (ActiveService active : new LinkedHashMap<>(snapshot.byDomain()).values()) {
            if (!active.config().name().equals(candidate.name()) && !others.contains(active.config())) {
                others.add(active.config());
            }
        }
        List<String> domains = candidate.domains();
        for (int i = 0; i < domains.size(); i++) {
            ActiveService owner = snapshot.byDomain().get(domains.get(i));
            if (owner != null && !owner.config().name().equals(candidate.name())) {
                errors.add(new ConfigError("domains[" + i + "]", "'" + domains.get(i) + "' is served by service '"
                        + owner.config().name() + "'"));
            }
        }
        if (validateAgainstRelease) {
            SharedHeaderIndex.check(release, candidate, others).ifPresent(errors::add);
        }
        return errors;
    }

    /** Stores a new version (not yet active) and returns its number. */
    public synchronized int addVersion(ServiceConfig config) {
        List<ServiceConfig> list = versions.computeIfAbsent(config.name(), n -> new ArrayList<>());
        store.ifPresent(s -> s.appendVersion(config.name(), list.size() + 1, config.source()));
        list.add(config);
        return list.size();
    }

    public synchronized Activation activate(String service, int version, String source, boolean staged)
            throws InvalidConfigException {
        ServiceConfig config = version(service, version)
                .orElseThrow(() -> new InvalidConfigException("version", "service '" + service + "' has no version "
                        + version));
        List<ConfigError> errors = validate(config);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        int previous = activeVersions.getOrDefault(service, 0);
        Activation activation = persist(new Activation(service, version, previous, Instant.now(), source, staged,
                null));
        install(config, version);
        history.computeIfAbsent(service, s -> new ArrayDeque<>()).push(version);
        return record(activation);
    }

    /** Re-activates the version that was active before the current one. */
    public synchronized Activation rollback(String service, String source, String reason) throws InvalidConfigException {
        Deque<Integer> stack = history.get(service);
        if (stack == null || stack.size() < 2) {
            throw new InvalidConfigException("service", "'" + service + "' has no earlier activation to roll back to");
        }
        int current = stack.peek();
        int target = stack.stream().skip(1).findFirst().orElseThrow();
        // Sources of rollbacks end in "rollback": replay pops the history for them.
        Activation activation = persist(new Activation(service, target, current, Instant.now(),
                source.endsWith("rollback") ? source : source + "-rollback", false, reason));
        stack.pop();
        install(version(service, target).orElseThrow(), target);
        return record(activation);
    }

    public synchronized Optional<ServiceConfig> version(String service, int version) {
        List<ServiceConfig> list = versions.get(service);
        return list == null || version < 1 || version > list.size()
                ? Optional.empty() : Optional.of(list.get(version - 1));
    }

    public synchronized List<ServiceConfig> versions(String service) {
        return List.copyOf(versions.getOrDefault(service, List.of()));
    }

    public synchronized Set<String> serviceNames() {
        return Set.copyOf(versions.keySet());
    }

    public synchronized Optional<Integer> activeVersion(String service) {
        return Optional.ofNullable(activeVersions.get(service));
    }

    public synchronized Optional<ServiceConfig> activeConfig(String service) {
        Integer v = activeVersions.get(service);
        return v == null ? Optional.empty() : version(service, v);
    }

    /** Newest first. */
    public synchronized List<Activation> activations() {
        return List.copyOf(log);
    }

    private void install(ServiceConfig config, int version) {
        activeVersions.put(config.name(), version);
        Map<String, ActiveService> byDomain = new HashMap<>();
        List<ServiceConfig> active = new ArrayList<>();
        for (Map.Entry<String, Integer> e : activeVersions.entrySet()) {
            ServiceConfig c = versions.get(e.getKey()).get(e.getValue() - 1);
            active.add(c);
            c.domains().forEach(d -> byDomain.put(d, new ActiveService(c, e.getValue())));
        }
        snapshot = new Snapshot(Map.copyOf(byDomain), List.copyOf(active), snapshot.generation() + 1);
    }

    /** Written (and fsync'd) before the change takes effect, so what is on disk never lags what was served. */
    private Activation persist(Activation activation) {
        store.ifPresent(s -> s.appendActivation(activation));
        return activation;
    }

    private Activation record(Activation activation) {
        log.addFirst(activation);
        while (log.size() > LOG_LIMIT) {
            log.removeLast();
        }
        LOG.infof("activated %s version %d (was %d) from %s%s%s", activation.service(), activation.version(),
                activation.previousVersion(), activation.source(), activation.staged() ? ", staged" : "",
                activation.reason() == null ? "" : ": " + activation.reason());
        return activation;
    }
}
