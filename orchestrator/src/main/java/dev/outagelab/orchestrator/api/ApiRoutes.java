package dev.outagelab.orchestrator.api;

import java.time.Instant;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.orchestrator.OrchestratorLoop;
import dev.outagelab.orchestrator.audit.AuditEntry;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.raft.RaftNode;
import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The read-only JSON API on the application port, for the status page, drills and people:
 * {@code /api/topology}, {@code /api/analysis}, {@code /api/recoveries}, {@code /api/audit},
 * {@code /api/raft} and {@code /api/leader-check} (200 only on the acting leader, for load balancers); and the HTML
 * view {@code /topology}.
 */
@Singleton
public class ApiRoutes {

    private final OrchestratorLoop loop;
    private final RaftNode raft;
    private final AuditLog audit;

    ApiRoutes(OrchestratorLoop loop, RaftNode raft, AuditLog audit) {
        this.loop = loop;
        this.raft = raft;
        this.audit = audit;
    }

    void register(@Observes Router router) {
        router.get("/api/topology").handler(rc -> JsonReplies.json(rc, 200, loop.topology().toJson()));
        router.get("/api/analysis").handler(rc -> JsonReplies.json(rc, 200, loop.latestAnalysis().toJson()));
        router.get("/api/recoveries").handler(this::recoveries);
        router.get("/api/audit").handler(this::audit);
        router.get("/api/raft").handler(rc -> JsonReplies.json(rc, 200, raft.describe()));
        router.get("/api/leader-check").handler(this::leaderCheck);
        router.get("/topology").handler(rc -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end(TopologyPage.render(loop.topology(), loop.latestAnalysis(), raft.describe())));
    }

    private void recoveries(RoutingContext rc) {
        JsonArray list = new JsonArray();
        for (RecoveryRecord r : raft.recoveries()) {
            list.add(r.toJsonWithTimings());
        }
        JsonReplies.json(rc, 200, new JsonObject().put("recoveries", list)
                .put("blockedUntil", raft.blockedUntilMillis() == 0 ? null
                        : Instant.ofEpochMilli(raft.blockedUntilMillis()).toString()));
    }

    private void audit(RoutingContext rc) {
        String since = rc.queryParams().get("since");
        long after;
        try {
            after = since == null ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            JsonReplies.error(rc, 400, "bad_request", "'since' must be an audit sequence number, was '" + since + "'");
            return;
        }
        JsonArray entries = new JsonArray();
        for (AuditEntry e : audit.since(after)) {
            entries.add(e.toJson());
        }
        JsonReplies.json(rc, 200, new JsonObject().put("entries", entries));
    }

    private void leaderCheck(RoutingContext rc) {
        JsonObject view = raft.describe();
        if (raft.isActingLeader()) {
            JsonReplies.json(rc, 200, view);
        } else {
            JsonReplies.json(rc, 503, view.put("error", "not_leader")
                    .put("message", "this node is not the acting Raft leader; the leader is " + view.getString("leader")));
        }
    }
}
