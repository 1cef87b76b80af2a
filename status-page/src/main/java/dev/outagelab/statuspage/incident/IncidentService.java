package dev.outagelab.statuspage.incident;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.core.ComponentChange;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.history.History;

/**
 * Incidents, opened and followed by the page itself and editable by a person:
 * <ul>
 * <li>a component leaves operational: its open automatic incident gets an update, or a new one opens as
 * {@code investigating} with the component linked;</li>
 * <li>every linked component is operational again: {@code monitoring};</li>
 * <li>still all operational after the quiet period: {@code resolved}; a relapse while monitoring goes
 * back to {@code investigating}.</li>
 * </ul>
 * Component status stays separate from incident status, as in Statuspage: a person may resolve an
 * incident while a component is still red, or say {@code identified} while it flaps.
 */
@ApplicationScoped
public class IncidentService {

    private static final Logger LOG = Logger.getLogger(IncidentService.class);
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    @Inject
    History history;

    @Inject
    StatusConfig config;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final List<Incident> incidents = new ArrayList<>();
    private Duration quietPeriod;

    @PostConstruct
    void init() {
        quietPeriod = config.incidents().quietPeriod();
        try {
            incidents.addAll(history.store().incidents());
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not read incidents from history; starting without them");
        }
    }

    /** Newest first. */
    public synchronized List<Incident> all() {
        return List.copyOf(incidents);
    }

    public synchronized List<Incident> unresolved() {
        return incidents.stream().filter(Incident::open).toList();
    }

    public synchronized Optional<Incident> find(String id) {
        return incidents.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** Follows a component's change; {@code nameOf} and {@code statusOf} give the other components' names and states. */
    public synchronized void onChange(ComponentChange change, Function<String, String> nameOf,
            Function<String, ComponentStatus> statusOf) {
        String key = change.component().key();
        ComponentStatus status = change.to().status();
        Instant now = change.to().since();
        // One automatic incident per component: a drill that breaks the DNS does not reopen the CDN's story.
        Optional<Incident> open = incidents.stream()
                .filter(i -> i.open() && i.automatic() && i.componentKeys().contains(key)).findFirst();
        if (status.severity() > 0) {
            String body = change.component().name() + " is " + words(status)
                    + (change.to().reason() == null ? "." : ": " + change.to().reason() + ".");
            if (open.isEmpty()) {
                Impact impact = Impact.of(status);
                Incident incident = new Incident(newId(), change.component().name() + " " + words(status),
                        IncidentStatus.INVESTIGATING, impact, true, now, now, null, null, List.of(key), List.of());
                store(incident, IncidentStatus.INVESTIGATING, body, now);
            } else {
                Incident incident = open.get();
                List<String> keys = new ArrayList<>(incident.componentKeys());
                if (!keys.contains(key)) {
                    keys.add(key);
                }
                Impact impact = Impact.of(status).compareTo(incident.impact()) > 0 ? Impact.of(status) : incident.impact();
                // A relapse while monitoring means the fix did not hold: back to investigating.
                IncidentStatus next = incident.status() == IncidentStatus.MONITORING
                        ? IncidentStatus.INVESTIGATING : incident.status();
                store(with(incident, next, impact, keys, null), next, body, now);
            }
            return;
        }
        if (status == ComponentStatus.OPERATIONAL && open.isPresent()) {
            Incident incident = open.get();
            boolean allWell = incident.componentKeys().stream()
                    .allMatch(k -> statusOf.apply(k) == null || statusOf.apply(k) == ComponentStatus.OPERATIONAL);
            if (allWell && incident.status() != IncidentStatus.MONITORING) {
                List<String> names = incident.componentKeys().stream().map(nameOf).toList();
                store(with(incident, IncidentStatus.MONITORING, incident.impact(), incident.componentKeys(), now),
                        IncidentStatus.MONITORING, String.join(", ", names)
                                + (names.size() == 1 ? " is" : " are") + " operational again. We are monitoring.", now);
            }
        }
    }

    /** Resolves automatic incidents that stayed quiet for the quiet period. */
    public synchronized void tick(Instant now, Function<String, ComponentStatus> statusOf) {
        for (Incident incident : List.copyOf(incidents)) {
            if (incident.automatic() && incident.status() == IncidentStatus.MONITORING && incident.monitoringAt() != null
                    && !now.isBefore(incident.monitoringAt().plus(quietPeriod))
                    && incident.componentKeys().stream().allMatch(k -> statusOf.apply(k) == null
                            || statusOf.apply(k) == ComponentStatus.OPERATIONAL)) {
                Incident resolved = new Incident(incident.id(), incident.name(), IncidentStatus.RESOLVED,
                        incident.impact(), true, incident.createdAt(), now, incident.monitoringAt(), now,
                        incident.componentKeys(), incident.updates());
                store(resolved, IncidentStatus.RESOLVED, "Operational for " + human(quietPeriod) + "; resolved.", now);
            }
        }
    }

    /** A person's update. The status may be any incident status; {@code resolved} resolves. */
    public synchronized Optional<Incident> postUpdate(String id, IncidentStatus status, String body) {
        Optional<Incident> found = find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Incident incident = found.get();
        Instant now = clock.instant();
        Incident next = new Incident(incident.id(), incident.name(), status, incident.impact(),
                incident.automatic(), incident.createdAt(), now,
                status == IncidentStatus.MONITORING ? now : incident.monitoringAt(),
                status == IncidentStatus.RESOLVED ? now : null, incident.componentKeys(), incident.updates());
        return Optional.of(store(next, status, body, now));
    }

    public synchronized Optional<Incident> changeImpact(String id, Impact impact) {
        Optional<Incident> found = find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Incident incident = found.get();
        Incident next = new Incident(incident.id(), incident.name(), incident.status(), impact, incident.automatic(),
                incident.createdAt(), clock.instant(), incident.monitoringAt(), incident.resolvedAt(),
                incident.componentKeys(), incident.updates());
        replace(next);
        history.write(() -> history.store().saveIncident(next));
        return Optional.of(next);
    }

    private Incident with(Incident incident, IncidentStatus status, Impact impact, List<String> keys, Instant monitoringAt) {
        return new Incident(incident.id(), incident.name(), status, impact, incident.automatic(), incident.createdAt(),
                incident.updatedAt(), monitoringAt, null, List.copyOf(keys), incident.updates());
    }

    /** Adds an update, replaces the incident in memory and writes both, in order, on the history writer. */
    private Incident store(Incident incident, IncidentStatus status, String body, Instant at) {
        IncidentUpdate update = new IncidentUpdate(newId(), incident.id(), status, body, at);
        List<IncidentUpdate> updates = new ArrayList<>();
        updates.add(update);
        updates.addAll(incident.updates());
        Incident next = new Incident(incident.id(), incident.name(), incident.status(), incident.impact(),
                incident.automatic(), incident.createdAt(), at, incident.monitoringAt(), incident.resolvedAt(),
                incident.componentKeys(), List.copyOf(updates));
        replace(next);
        LOG.infof("incident %s '%s' %s: %s", next.id(), next.name(), status.apiValue(), body);
        history.write(() -> {
            history.store().saveIncident(next);
            history.store().addUpdate(update);
        });
        return next;
    }

    private void replace(Incident next) {
        for (int i = 0; i < incidents.size(); i++) {
            if (incidents.get(i).id().equals(next.id())) {
                incidents.set(i, next);
                return;
            }
        }
        incidents.add(0, next);
    }

    private String newId() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    static String words(ComponentStatus status) {
        return switch (status) {
            case OPERATIONAL -> "operational";
            case DEGRADED_PERFORMANCE -> "degraded";
            case PARTIAL_OUTAGE -> "partially down";
            case MAJOR_OUTAGE -> "down";
            case UNDER_MAINTENANCE -> "under maintenance";
        };
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
