package dev.outagelab.statuspage.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest state of every target, in configured order. Each target's state is replaced atomically,
 * so readers (API, metrics, health) never see half an update and never block the prober.
 */
public final class StatusBoard {

    private final Map<String, AtomicReference<TargetState>> states = new LinkedHashMap<>();
    private final Instant createdAt;

    public StatusBoard(List<Target> targets, Instant createdAt) {
        this.createdAt = createdAt;
        for (Target target : targets) {
            states.put(target.name(), new AtomicReference<>(TargetState.unknown(target, createdAt)));
        }
    }

    public Instant createdAt() {
        return createdAt;
    }

    public TargetState record(String targetName, ProbeResult result) {
        AtomicReference<TargetState> ref = states.get(targetName);
        if (ref == null) {
            throw new IllegalArgumentException("unknown target " + targetName);
        }
        return ref.updateAndGet(state -> state.after(result));
    }

    public TargetState get(String targetName) {
        AtomicReference<TargetState> ref = states.get(targetName);
        return ref == null ? null : ref.get();
    }

    public List<TargetState> snapshot() {
        List<TargetState> out = new ArrayList<>(states.size());
        for (AtomicReference<TargetState> ref : states.values()) {
            out.add(ref.get());
        }
        return out;
    }

    public int size() {
        return states.size();
    }
}
