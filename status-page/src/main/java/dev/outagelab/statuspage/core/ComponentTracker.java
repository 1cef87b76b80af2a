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
    /** Set by a person; while set the component shows under_maintenance whatever the probes say. */
    private String maintenanceNote;

    public ComponentTracker(ComponentDef def, StateRules rules, ComponentState restored) {
        this.def = def;
        this.rules = rules;
        this.hysteresis = new Hysteresis(rules.settings().worsenAfter(), rules.settings().improveAfter());
        if (restored != null) {
            hysteresis.startingAt(new Verdict(restored.status(), restored.reason()));
            if (restored.status() == ComponentStatus.UNDER_MAINTENANCE) {
                maintenanceNote = restored.reason();
            }
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

    /** Drops an instance's readiness from the "instances down" rule: it is gone for good (a scale-down). */
    public synchronized void forgetInstance(String instance) {
        latestPerInstance.remove(instance);
    }

    /**
     * A person's word that the component is under planned maintenance (only a person can know that). While it
     * holds, the rules keep judging underneath and the page shows {@code under_maintenance} with the note;
     * lifting it shows the rules' current verdict at once. Returns the change, or null if nothing changed.
     */
    public synchronized ComponentChange maintenance(boolean enabled, String note, Instant now) {
        ComponentState before = state;
        Verdict shown;
        if (enabled) {
            maintenanceNote = note == null || note.isBlank() ? "planned maintenance" : note;
            shown = new Verdict(ComponentStatus.UNDER_MAINTENANCE, maintenanceNote);
        } else {
            maintenanceNote = null;
            shown = hysteresis.current();
            if (shown == null || shown.status() == ComponentStatus.UNDER_MAINTENANCE) {
                // Nothing judged yet (or only a restored maintenance): operational until the rules say otherwise.
                shown = Verdict.operational();
                hysteresis.startingAt(shown);
            }
        }
        return show(before, shown, now);
    }

    public boolean underMaintenance() {
        return maintenanceNote != null;
    }

    /** Judges the window as of {@code now}; returns the change if the shown status changed, else null. */
    public synchronized ComponentChange evaluate(Instant now) {
        ComponentState before = state;
        Instant oldest = now.minus(rules.settings().window());
        while (!window.isEmpty() && window.peekFirst().at().isBefore(oldest)) {
            window.removeFirst();
        }
        Verdict raw = rules.evaluate(List.copyOf(latestPerInstance.values()), new ArrayList<>(window));
        Verdict judged = hysteresis.next(raw);
        if (maintenanceNote != null) {
            return null;
        }
        return show(before, judged, now);
    }

    private ComponentChange show(ComponentState before, Verdict shown, Instant now) {
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
