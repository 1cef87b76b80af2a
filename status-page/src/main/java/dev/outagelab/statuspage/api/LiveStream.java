package dev.outagelab.statuspage.api;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outagelab.statuspage.core.DataVersion;
import dev.outagelab.statuspage.incident.IncidentService;

/**
 * {@code /api/stream}: every change (a component's status, an incident) is pushed as an {@code event:
 * summary} carrying the whole v2 summary, so a client never has to merge; each finished probe round
 * is an {@code event: probe} with its time, which doubles as the keep-alive.
 */
@ApplicationScoped
public class LiveStream {

    private static final Logger LOG = Logger.getLogger(LiveStream.class);

    @Inject
    StatusViews views;

    @Inject
    IncidentService incidents;

    @Inject
    ObjectMapper json;

    @Inject
    DataVersion dataVersion;

    private final AtomicLong eventIds = new AtomicLong();
    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;

    synchronized void register(SseEventSink sink, Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            this.broadcaster = sse.newBroadcaster();
            broadcaster.onError((failed, error) -> LOG.debugf("stream client gone: %s", error.getMessage()));
        }
        sink.send(event("summary", summaryJson()));
        broadcaster.register(sink);
    }

    public void publishChange() {
        // Before the broadcast: a page that fetches its fragment on this event must see the new data.
        dataVersion.bump();
        if (broadcaster != null) {
            broadcaster.broadcast(event("summary", summaryJson()));
        }
    }

    public void publishProbe(Instant at) {
        dataVersion.bump();
        if (broadcaster != null) {
            broadcaster.broadcast(event("probe", "{\"last_probe_at\":\"" + Timestamps.format(at) + "\"}"));
        }
    }

    private OutboundSseEvent event(String name, String data) {
        return sse.newEventBuilder().name(name).id(Long.toString(eventIds.incrementAndGet()))
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(data).build();
    }

    private String summaryJson() {
        try {
            return json.writeValueAsString(StatuspageJson.summary(views.now("/"), incidents));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary does not serialize", e);
        }
    }
}
