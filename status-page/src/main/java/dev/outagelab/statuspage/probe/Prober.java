package dev.outagelab.statuspage.probe;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.config.StatusConfigValidator;
import dev.outagelab.statuspage.config.ValidatedConfig;
import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentDef;
import dev.outagelab.statuspage.core.ComponentIds;
import dev.outagelab.statuspage.core.ComponentLayout;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.StateRules;
import dev.outagelab.statuspage.core.StatusBoard;
import dev.outagelab.statuspage.core.Target;
import dev.outagelab.statuspage.core.TargetState;
import dev.outagelab.statuspage.history.History;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * Builds the probes and components from config and runs the {@link ProbeEngine}; hands what it sees to
 * the listeners (history, incidents, the live stream), in that order, so a change reaches the stream
 * with its incident already open.
 */
@Startup
@ApplicationScoped
public class Prober {

    private static final Logger LOG = Logger.getLogger(Prober.class);

    @Inject
    StatusConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Inject
    History history;

    @Inject
    ProbeListeners listeners;

    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean started = new AtomicBoolean();
    private StatusBoard board;
    private ProbeMetrics metrics;
    private ProbeEngine engine;
    private DnsDiscovery discovery;
    private io.vertx.core.http.HttpClient vertxClient;

    @PostConstruct
    void init() {
        // Fails start-up with one message naming every invalid key.
        ValidatedConfig valid = StatusConfigValidator.validateAll(config);
        Duration timeout = config.probe().timeout();
        board = new StatusBoard(valid.targets(), clock.instant());
        metrics = new ProbeMetrics(registry, board);
        ValidatedConfig.Discovery discovered = valid.discovery();
        ComponentLayout layout = ComponentLayout.of(valid.targets(),
                discovered.services().stream().map(DiscoveredService::component).distinct().toList(),
                valid.pops().stream().map(ValidatedConfig.Pop::name).toList(), !valid.resolvers().isEmpty(),
                !valid.dbNodes().isEmpty(), !valid.orchestrators().isEmpty());

        StateRules rules = new StateRules(valid.rules());
        Map<String, ComponentState> lastKnown = history.lastKnown();
        List<ComponentTracker> trackers = new ArrayList<>();
        for (ComponentDef def : layout.components()) {
            trackers.add(new ComponentTracker(def, rules, lastKnown.get(def.key())));
        }

        HttpProbe httpProbe = new HttpProbe(timeout, clock);
        HttpClient jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        vertxClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true));
        List<Probe> probes = new ArrayList<>();
        for (Target target : valid.targets()) {
            probes.add(new InstanceProbe(target, httpProbe, layout.keysByInstance().get(target.name()),
                    result -> record(target, result)));
        }
        if (!discovered.services().isEmpty()) {
            discovery = new DnsDiscovery(discovered.server(), timeout, discovered.forgetAfter(), discovered.services(),
                    clock, this::forget);
            for (DiscoveredService service : discovered.services()) {
                probes.add(new DiscoveredInstancesProbe(service, discovery, httpProbe,
                        layout.keysByDiscoveredModule().get(service.component()), clock));
            }
        }
        if (!layout.hasStatusPageInstances()) {
            probes.add(new SelfProbe(ComponentLayout.STATUS_PAGE, clock));
        }
        for (var resolver : valid.resolvers()) {
            probes.add(new DnsCheck(ComponentLayout.DNS, resolver, valid.dnsName(), timeout, clock));
        }
        for (ValidatedConfig.Pop pop : valid.pops()) {
            probes.add(new CdnCheck(ComponentLayout.popKey(pop.name()), pop.name(), pop.url().resolve(valid.cdnPath()),
                    valid.cdnHost(), timeout, clock, vertxClient));
        }
        if (!valid.dbNodes().isEmpty()) {
            probes.add(new DatabaseCheck(ComponentLayout.DB_WRITES, ComponentLayout.DB_READS, valid.primaryName(),
                    valid.dbNodes(), valid.resolvers(), writerName(), timeout, clock, jdkClient));
        }
        if (!valid.orchestrators().isEmpty()) {
            probes.add(new LeaderCheck(ComponentLayout.ORCHESTRATION, valid.orchestrators(), timeout, clock, jdkClient));
        }
        engine = new ProbeEngine(config.probe().interval(), clock, trackers, probes, listeners);
    }

    private String writerName() {
        return config.page().name().replaceAll("[^a-zA-Z0-9.-]", "-");
    }

    /*
     * The first round waits for our own HTTP server: probing earlier would report this very instance
     * (and anything else behind our ports) as "connection refused" for one round after every start.
     * Quarkus may fire the event synchronously or asynchronously, so both observers start, once.
     */
    void onHttpServerStart(@Observes HttpServerStart event) {
        startProbing();
    }

    void onHttpServerStartAsync(@ObservesAsync HttpServerStart event) {
        startProbing();
    }

    private void startProbing() {
        if (started.compareAndSet(false, true)) {
            if (discovery != null) {
                discovery.start(config.discovery().interval());
            }
            engine.start();
            LOG.infof("probing every %dms with %d probes (timeout %dms) for %d components",
                    config.probe().interval().toMillis(), engine.probeCount(), config.probe().timeout().toMillis(),
                    engine.trackers().size());
        }
    }

    /** An instance that left DNS long ago no longer counts for any component. */
    private void forget(String instance) {
        engine.forgetInstance(instance);
    }

    @PreDestroy
    void stop() {
        if (discovery != null) {
            discovery.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (vertxClient != null) {
            vertxClient.close();
        }
    }

    public StatusBoard board() {
        return board;
    }

    public ProbeEngine engine() {
        return engine;
    }

    public Duration interval() {
        return config.probe().interval();
    }

    public Duration timeout() {
        return config.probe().timeout();
    }

    public long roundsCompleted() {
        return engine.roundsCompleted();
    }

    /** When the last round whose probes have all finished did so; null before the first one. */
    public Instant lastRoundCompletedAt() {
        return engine.lastRoundCompletedAt();
    }

    /**
     * Puts a component under maintenance or lifts it, by key ({@code db-writes}) or v2 id; the change goes to
     * history, incidents and the stream like any other. Empty when no such component exists.
     */
    public Optional<ComponentState> maintenance(String keyOrId, boolean enabled, String note) {
        for (ComponentTracker tracker : engine.trackers()) {
            String key = tracker.def().key();
            if (key.equals(keyOrId) || ComponentIds.component(key).equals(keyOrId)) {
                ComponentChange change = tracker.maintenance(enabled, note, clock.instant());
                if (change != null) {
                    listeners.changed(change);
                }
                LOG.infof("%s: maintenance %s by a person%s", tracker.def().name(), enabled ? "set" : "lifted",
                        enabled && note != null ? " (" + note + ")" : "");
                return Optional.of(tracker.state());
            }
        }
        return Optional.empty();
    }

    private void record(Target target, ProbeResult result) {
        TargetState before = board.get(target.name());
        TargetState after = board.record(target.name(), result);
        metrics.recordLatency(target, result.outcome(), result.latency());
        if (before.status() != after.status()) {
            if (result.outcome().isUp()) {
                LOG.infof("%s (%s, %s) is UP, was %s", target.name(), target.component(), target.region(),
                        before.status());
            } else {
                LOG.warnf("%s (%s, %s) is DOWN: %s, was %s", target.name(), target.component(), target.region(),
                        result.reason(), before.status());
            }
        }
    }
}
