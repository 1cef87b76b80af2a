package dev.outagelab.orchestrator.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.orchestrator.analysis.Analysis;
import dev.outagelab.orchestrator.analysis.Analyzer;
import dev.outagelab.orchestrator.recovery.Recoverer;
import dev.outagelab.orchestrator.recovery.RecoveryException;
import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import dev.outagelab.orchestrator.topology.Topology;
import dev.outagelab.orchestrator.topology.TopologyPoller;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Human actions on the management port, under the kit's admin token: {@code POST /admin/orchestrator/recover},
 * {@code /graceful-takeover} and {@code /acknowledge}. They talk to db-nodes and Raft, so they run off the event
 * loop. A refused action answers 4xx with the reason and changes nothing.
 */
@Singleton
public class AdminActionRoutes {

    private final Recoverer recoverer;
    private final TopologyPoller poller;
    private final Analyzer analyzer;

    AdminActionRoutes(Recoverer recoverer, TopologyPoller poller, Analyzer analyzer) {
        this.recoverer = recoverer;
        this.poller = poller;
        this.analyzer = analyzer;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.post("/admin/orchestrator/recover").blockingHandler(this::recover);
        router.post("/admin/orchestrator/graceful-takeover").blockingHandler(this::takeover);
        router.post("/admin/orchestrator/acknowledge").blockingHandler(this::acknowledge);
    }

    private void recover(RoutingContext rc) {
        JsonObject body = body(rc, true, "{} or {\"candidate\":\"db-node-east-1\"}");
        if (body == null) {
            return;
        }
        act(rc, () -> {
            Topology topology = poller.pollOnce();
            Analysis analysis = analyzer.analyze(topology);
            return recoverer.recover(topology, analysis, "manual", body.getString("candidate"));
        });
    }

    private void takeover(RoutingContext rc) {
        JsonObject body = body(rc, false, "{\"candidate\":\"db-node-east-1\"}");
        if (body == null) {
            return;
        }
        if (!(body.getValue("candidate") instanceof String candidate) || candidate.isBlank()) {
            JsonReplies.error(rc, 400, "bad_request", "field 'candidate' (a db-node name) is required");
            return;
        }
        act(rc, () -> recoverer.gracefulTakeover(poller.pollOnce(), candidate));
    }

    private void acknowledge(RoutingContext rc) {
        JsonObject body = body(rc, false, "{\"recovery\":\"<id>\",\"comment\":\"why it is fine\"}");
        if (body == null) {
            return;
        }
        if (!(body.getValue("recovery") instanceof String id) || id.isBlank()) {
            JsonReplies.error(rc, 400, "bad_request", "field 'recovery' (a recovery id from /api/recoveries) is required");
            return;
        }
        String by = body.getValue("by") instanceof String who && !who.isBlank() ? who : "admin";
        act(rc, () -> recoverer.acknowledge(id, by, body.getString("comment", "")));
    }

    private interface Action {
        RecoveryRecord run();
    }

    private static void act(RoutingContext rc, Action action) {
        try {
            JsonReplies.json(rc, 200, action.run().toJsonWithTimings());
        } catch (RecoveryException e) {
            int status = switch (e.code()) {
                case "bad_candidate", "unknown_recovery" -> 404;
                case "no_quorum" -> 503;
                default -> 409;
            };
            JsonReplies.error(rc, status, e.code(), e.getMessage());
        }
    }

    /** The JSON object body, or null after answering 400. */
    private static JsonObject body(RoutingContext rc, boolean emptyAllowed, String example) {
        try {
            JsonObject body = rc.body() == null ? null : rc.body().asJsonObject();
            if (body == null && emptyAllowed) {
                return new JsonObject();
            }
            if (body == null) {
                JsonReplies.error(rc, 400, "bad_request", "the body is empty; send e.g. " + example);
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; send e.g. " + example);
            return null;
        }
    }
}
