package dev.outagelab.orchestrator.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Polls every db-node's status concurrently once per interval and keeps the latest {@link Topology}. Each round
 * waits for all polls (each bounded by the timeout) before it hands the snapshot to the listener, so analysis
 * always sees one consistent round.
 */
public class TopologyPoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopologyPoller.class);

    private final DbNodeClient client;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, NodeObservation> latest = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "topology-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Topology current;
    private final List<Consumer<Topology>> listeners = new CopyOnWriteArrayList<>();

    public TopologyPoller(List<DbNodeTarget> targets, DbNodeClient client, Duration interval, Duration timeout,
                          Clock clock) {
        this.client = client;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        for (DbNodeTarget target : targets) {
            latest.put(target.name(), NodeObservation.unknown(target));
        }
        this.current = new Topology(clock.instant(), List.copyOf(latest.values()));
    }

    /** Called with each round's topology, on the poller's thread, in the order added. */
    public void onRound(Consumer<Topology> roundListener) {
        listeners.add(roundListener);
    }

    /**
     * Starts watching the targets not watched yet (by name) from the next round on; returns those. Nothing is ever
     * dropped: a node that leaves discovery (Kubernetes removes a pod that is not ready) is exactly the dead
     * primary the analysis must still see.
     */
    public synchronized List<DbNodeTarget> watch(List<DbNodeTarget> targets) {
        List<DbNodeTarget> added = new ArrayList<>();
        for (DbNodeTarget target : targets) {
            if (!latest.containsKey(target.name())) {
                latest.put(target.name(), NodeObservation.unknown(target));
                added.add(target);
            }
        }
        return added;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Topology current() {
        return current;
    }

    /** One round: poll every node concurrently, then publish. Public so tests and manual actions can force one. */
    public synchronized Topology pollOnce() {
        List<CompletableFuture<NodeObservation>> polls = new ArrayList<>();
        for (NodeObservation before : latest.values()) {
            polls.add(client.status(before.adminUrl(), timeout)
                    .handle((status, failure) -> failure == null
                            ? before.succeeded(status, clock.instant())
                            : before.failed(message(failure))));
        }
        for (CompletableFuture<NodeObservation> poll : polls) {
            NodeObservation after = poll.join();
            latest.put(after.name(), after);
        }
        current = new Topology(clock.instant(), List.copyOf(latest.values()));
        return current;
    }

    private void round() {
        try {
            Topology topology = pollOnce();
            listeners.forEach(l -> l.accept(topology));
        } catch (RuntimeException e) {
            // One bad round (a listener bug, a malformed status) must not end polling for good.
            LOG.error("topology round failed", e);
        }
    }

    private static String message(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
