package dev.outagelab.dnsresolver.fleet;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.jboss.logging.Logger;

import io.vertx.core.json.JsonObject;

/** Every fleet config change and every removal or return, logged with its time and kept (the last N) for the API. */
public class FleetLog {

    private static final Logger LOG = Logger.getLogger(FleetLog.class);
    static final int CAPACITY = 500;

    /**
     * @param kind   {@code config-applied}, {@code config-rejected}, {@code removed}, {@code returned},
     *               {@code rotation-held}, {@code validation-switched}, {@code removal-cap-changed}
     * @param member the member removed or returned, or null for config events
     */
    public record Event(Instant at, String kind, String member, String detail) {

        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("kind", kind).put("member", member)
                    .put("detail", detail);
        }
    }

    private final Deque<Event> events = new ArrayDeque<>();

    public void record(Event event) {
        String who = event.member() == null ? "" : " " + event.member();
        if (event.kind().equals("config-rejected") || event.kind().equals("rotation-held")) {
            LOG.warnf("fleet %s%s at %s: %s", event.kind(), who, event.at(), event.detail());
        } else {
            LOG.infof("fleet %s%s at %s: %s", event.kind(), who, event.at(), event.detail());
        }
        synchronized (events) {
            events.addLast(event);
            if (events.size() > CAPACITY) {
                events.removeFirst();
            }
        }
    }

    /** Oldest first. */
    public List<Event> recent() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("events", recent().stream().map(Event::toJson).toList());
    }
}
