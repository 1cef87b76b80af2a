package dev.outagelab.statuspage.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.config.StatusConfigValidator;
import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.StatusBoard;
import dev.outagelab.statuspage.core.Target;
import dev.outagelab.statuspage.core.TargetState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.HttpServerStart;

/**
 * Probes every target once per interval, all at once. A target whose previous probe is still in
 * flight is skipped for that round rather than probed twice, so a hung target never piles up
 * connections and never delays anyone else.
 */
@Startup
@ApplicationScoped
public class Prober {

    private static final Logger LOG = Logger.getLogger(Prober.class);

    @Inject
    StatusConfig config;

    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private final AtomicLong roundsCompleted = new AtomicLong();
    private volatile Instant lastRoundCompletedAt;
    private List<Slot> slots;
    private StatusBoard board;
    private Duration interval;
    private HttpProbe httpProbe;
    private ProbeMetrics metrics;
    private ScheduledExecutorService ticker;
    private final AtomicBoolean started = new AtomicBoolean();

    @PostConstruct
    void init() {
        // Fails start-up with one message naming every invalid key.
        List<Target> targets = StatusConfigValidator.validate(config);
        interval = config.probe().interval();
        board = new StatusBoard(targets, clock.instant());
        httpProbe = new HttpProbe(config.probe().timeout(), clock);
        metrics = new ProbeMetrics(registry, board);
        List<Slot> list = new ArrayList<>();
        for (Target target : targets) {
            list.add(new Slot(target));
        }
        slots = List.copyOf(list);
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "status-prober");
            thread.setDaemon(true);
            return thread;
        });
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
            ticker.scheduleAtFixedRate(this::round, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            LOG.infof("probing %d targets every %dms (timeout %dms)", slots.size(), interval.toMillis(),
                    config.probe().timeout().toMillis());
        }
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    public StatusBoard board() {
        return board;
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return config.probe().timeout();
    }

    public long roundsCompleted() {
        return roundsCompleted.get();
    }

    /** When the last round whose probes have all finished did so; null before the first one. */
    public Instant lastRoundCompletedAt() {
        return lastRoundCompletedAt;
    }

    private void round() {
        // An exception escaping a fixed-rate task would silently cancel all future rounds.
        try {
            List<CompletableFuture<?>> launched = new ArrayList<>(slots.size());
            for (Slot slot : slots) {
                if (slot.inFlight.compareAndSet(false, true)) {
                    launched.add(probe(slot));
                } else {
                    LOG.debugf("%s: previous probe still in flight, skipping this round", slot.target.name());
                }
            }
            CompletableFuture.allOf(launched.toArray(new CompletableFuture<?>[0]))
                    .whenComplete((ignored, error) -> {
                        lastRoundCompletedAt = clock.instant();
                        roundsCompleted.incrementAndGet();
                    });
        } catch (RuntimeException e) {
            LOG.error("probe round failed to start", e);
        }
    }

    private CompletableFuture<?> probe(Slot slot) {
        return httpProbe.probe(slot.target).whenComplete((result, error) -> {
            try {
                if (result != null) {
                    record(slot.target, result);
                }
            } finally {
                slot.inFlight.set(false);
            }
        });
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

    private static final class Slot {
        final Target target;
        final AtomicBoolean inFlight = new AtomicBoolean();

        Slot(Target target) {
            this.target = target;
        }
    }
}
