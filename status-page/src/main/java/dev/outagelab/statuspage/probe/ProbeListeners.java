package dev.outagelab.statuspage.probe;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outagelab.statuspage.api.LiveStream;
import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.Sample;
import dev.outagelab.statuspage.history.History;
import dev.outagelab.statuspage.incident.IncidentService;

/** Hands the engine's news to history, then incidents, then the live stream, in that order. */
@ApplicationScoped
public class ProbeListeners implements ProbeEngine.Listener {

    @Inject
    History history;

    @Inject
    IncidentService incidents;

    @Inject
    LiveStream stream;

    @Inject
    Prober prober;

    @Override
    public void sampled(String componentKey, Sample sample) {
        history.sampled(componentKey, sample);
    }

    @Override
    public void changed(ComponentChange change) {
        history.changed(change);
        incidents.onChange(change, this::nameOf, this::statusOf);
        stream.publishChange();
    }

    @Override
    public void roundFinished(Instant at, long rounds) {
        int before = incidents.unresolved().size();
        incidents.tick(at, this::statusOf);
        if (incidents.unresolved().size() != before) {
            stream.publishChange();
        }
        stream.publishProbe(at);
    }

    private String nameOf(String key) {
        ComponentTracker tracker = prober.engine().tracker(key);
        return tracker == null ? key : tracker.def().name();
    }

    private ComponentStatus statusOf(String key) {
        ComponentTracker tracker = prober.engine().tracker(key);
        ComponentState state = tracker == null ? null : tracker.state();
        return state == null ? null : state.status();
    }
}
