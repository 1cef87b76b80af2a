package dev.outagelab.statuspage.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One component's recent samples and its current, hysteresis-smoothed state. Thread-safe: probes
 * complete on many threads, evaluation runs on the ticker.
 */
public final class ComponentTracker {

    private final ComponentDef def;
    private final StateRules rules;
    private final Hysteresis hysteresis;
    private final Deque<Sample> window = new ArrayDeque<>();
    private final Map<String, Sample> latestPerInstance = new LinkedHashMap<>();
    private volatile ComponentState state;

    public ComponentTracker(ComponentDef def, StateRules rules, ComponentState restored) {
        this.def = def;
        this.rules = rules;
        this.hysteresis = new Hysteresis(rules.settings().worsenAfter(), rules.settings().improveAfter());
        if (restored != null) {
            hysteresis.startingAt(new Verdict(restored.status(), restored.reason()));
        }
        this.state = restored;
    }

    public ComponentDef def() {
        return def;
    }

    /** Null until the first evaluation that had samples (and nothing was restored from disk). */
    public ComponentState state() {
        return state;
    }

    public synchronized void record(Sample sample) {
        window.addLast(sample);
        if (sample.kind() == Sample.Kind.INSTANCE) {
            latestPerInstance.put(sample.source(), sample);
        }
    }

    /** Judges the window as of {@code now}; returns the change if the shown status changed, else null. */
    public ComponentChange evaluate(Instant now) {
        Verdict raw;
        Verdict shown;
        ComponentState before = state;
        synchronized (this) {
            Instant oldest = now.minus(rules.settings().window());
            while (!window.isEmpty() && window.peekFirst().at().isBefore(oldest)) {
                window.removeFirst();
            }
            raw = rules.evaluate(List.copyOf(latestPerInstance.values()), new ArrayList<>(window));
            shown = hysteresis.next(raw);
        }
        if (shown == null || before != null && before.status() == shown.status()
                && Objects.equals(before.reason(), shown.reason())) {
            return null;
        }
        boolean statusChanged = before == null || before.status() != shown.status();
        Instant since = statusChanged ? now : before.since();
        state = new ComponentState(shown.status(), shown.reason(), since, now);
        return statusChanged ? new ComponentChange(def, before == null ? null : before.status(), state) : null;
    }
}
