package dev.outagelab.kit.fault;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The faults active in this process, independent of any transport: the HTTP filter asks it per request, and
 * other transports (DNS, replication streams) can ask it the same way. Expired faults drop out on their own.
 */
public class FaultRegistry {

    private final Clock clock;
    private final DoubleSupplier random;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Fault> faults = new ConcurrentSkipListMap<>();
    private final List<Runnable> hangEndListeners = new CopyOnWriteArrayList<>();

    public FaultRegistry(Clock clock, DoubleSupplier random) {
        this.clock = clock;
        this.random = random;
    }

    public Fault inject(FaultSpec spec) {
        long n = ids.incrementAndGet();
        Fault fault = Fault.start("f" + n, spec, clock.instant());
        faults.put(n, fault);
        return fault;
    }

    /** Active faults, oldest first. */
    public List<Fault> active() {
        pruneExpired();
        return List.copyOf(faults.values());
    }

    public Optional<Fault> clear(String id) {
        Optional<Fault> removed = parseId(id).map(faults::remove);
        removed.ifPresent(f -> afterRemoval(List.of(f)));
        return removed;
    }

    public List<Fault> clearAll() {
        List<Fault> removed = new ArrayList<>(faults.values());
        removed.forEach(f -> faults.remove(key(f)));
        afterRemoval(removed);
        return removed;
    }

    /**
     * Decides one request's fate. Latencies add up; error rates combine as independent failures; any hang wins.
     */
    public FaultDecision decide(FaultTarget traffic) {
        if (faults.isEmpty()) {
            return FaultDecision.PASS;
        }
        Duration delay = Duration.ZERO;
        double passProbability = 1.0;
        int status = 0;
        boolean hang = false;
        for (Fault fault : active()) {
            FaultSpec spec = fault.spec();
            if (traffic == FaultTarget.ALL && spec.target() != FaultTarget.ALL) {
                continue;
            }
            switch (spec.type()) {
                case HANG -> hang = true;
                case LATENCY -> delay = delay.plus(spec.latency());
                case ERROR -> {
                    passProbability *= 1 - spec.rate();
                    status = status == 0 ? spec.status() : status;
                }
                case CRASH -> {
                    // a crash never stays registered: the process is gone
                }
            }
        }
        if (hang) {
            return new FaultDecision(true, Duration.ZERO, 0);
        }
        boolean fails = status != 0 && random.getAsDouble() >= passProbability;
        return new FaultDecision(false, delay, fails ? status : 0);
    }

    /** Called whenever a hang may have ended (cleared or expired), so held requests can be released. */
    public void onHangEnded(Runnable listener) {
        hangEndListeners.add(listener);
    }

    public boolean hanging(FaultTarget traffic) {
        return active().stream().anyMatch(f -> f.spec().type() == FaultType.HANG
                && (traffic == FaultTarget.APP || f.spec().target() == FaultTarget.ALL));
    }

    /** Drops expired faults; the HTTP layer calls this on a timer so an expiring hang releases its requests. */
    public void pruneExpired() {
        var now = clock.instant();
        List<Fault> expired = faults.values().stream().filter(f -> !f.activeAt(now)).toList();
        expired.forEach(f -> faults.remove(key(f)));
        afterRemoval(expired);
    }

    private void afterRemoval(List<Fault> removed) {
        if (removed.stream().anyMatch(f -> f.spec().type() == FaultType.HANG)) {
            hangEndListeners.forEach(Runnable::run);
        }
    }

    private static long key(Fault fault) {
        return parseId(fault.id()).orElseThrow();
    }

    private static Optional<Long> parseId(String id) {
        if (id == null || !id.matches("f\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(id.substring(1)));
    }
}
