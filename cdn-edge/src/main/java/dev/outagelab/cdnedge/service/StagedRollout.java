package dev.outagelab.cdnedge.service;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.cdnedge.metrics.RequestTally;
import io.vertx.core.Vertx;

/**
 * Staged activation, the second fix after June 2021: this POP takes a new config first and watches its own 5xx
 * rate for {@code edge.activation.watch-for}; if the rate passes {@code max-error-rate} over at least
 * {@code min-requests}, the config is rolled back here without waiting for a human. A fleet rollout activates
 * on one POP, waits for its watch to end as {@code confirmed}, then goes on to the next.
 */
@Singleton
public class StagedRollout {

    private static final Logger LOG = Logger.getLogger(StagedRollout.class);
    private static final long CHECK_EVERY_MS = 250;

    /** The state of one watched activation, as the admin API shows it. */
    public record Watch(String service, int version, Instant since, String state, String reason) {
    }

    private final ServiceRegistry registry;
    private final RequestTally tally;
    private final Vertx vertx;
    private final EdgeConfig.Activation settings;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    StagedRollout(ServiceRegistry registry, RequestTally tally, Vertx vertx, EdgeConfig config) {
        this.registry = registry;
        this.tally = tally;
        this.vertx = vertx;
        this.settings = config.activation();
    }

    public boolean stagedByDefault() {
        return settings.staged();
    }

    public Map<String, Watch> watches() {
        return Map.copyOf(watches);
    }

    public void watch(Activation activation) {
        RequestTally.Counts before = tally.now();
        long deadline = System.nanoTime() + settings.watchFor().toNanos();
        watches.put(activation.service(), new Watch(activation.service(), activation.version(), activation.at(),
                "watching", null));
        vertx.setPeriodic(CHECK_EVERY_MS, timer -> {
            Watch current = watches.get(activation.service());
            if (current == null || current.version() != activation.version() || !current.state().equals("watching")
                    || registry.activeVersion(activation.service()).orElse(0) != activation.version()) {
                vertx.cancelTimer(timer);
                return;
            }
            RequestTally.Counts window = tally.now().minus(before);
            if (window.requests() >= settings.minRequests() && window.errorRate() > settings.maxErrorRate()) {
                vertx.cancelTimer(timer);
                rollBack(activation, window);
            } else if (System.nanoTime() > deadline) {
                vertx.cancelTimer(timer);
                watches.put(activation.service(), new Watch(activation.service(), activation.version(),
                        activation.at(), "confirmed", window.errors() + " errors in " + window.requests()
                        + " requests"));
            }
        });
    }

    private void rollBack(Activation activation, RequestTally.Counts window) {
        String reason = String.format("5xx rate %.0f%% over %d requests after activating version %d",
                window.errorRate() * 100, window.requests(), activation.version());
        try {
            if (activation.previousVersion() == 0) {
                LOG.warnf("staged activation of %s version %d is failing (%s) but there is nothing to roll back to",
                        activation.service(), activation.version(), reason);
                watches.put(activation.service(), new Watch(activation.service(), activation.version(),
                        activation.at(), "failing", reason));
                return;
            }
            registry.rollback(activation.service(), "auto-rollback", reason);
            watches.put(activation.service(), new Watch(activation.service(), activation.version(), activation.at(),
                    "rolled-back", reason));
        } catch (InvalidConfigException e) {
            LOG.errorf("auto-rollback of %s failed: %s", activation.service(), e.getMessage());
        }
    }
}
