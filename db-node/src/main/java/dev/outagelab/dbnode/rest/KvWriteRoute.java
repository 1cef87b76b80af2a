package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.replication.SemiSyncGate;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleState;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.dbnode.store.WriteResult;
import dev.outagelab.dbnode.store.WritesRefusedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code PUT /kv/{key}} as a plain Vert.x route rather than a JAX-RS method, because it is the hot path: the body
 * is read and checked on the event loop, the write is queued for the binlog's group commit, and the answer is sent
 * when the commit thread completes it. No thread is parked per write, and a write costs two thread hand-offs
 * (event loop → commit thread → event loop) instead of six; on a busy machine each hand-off waits for a CPU.
 * Semi-sync, when it is active, parks no thread either: the answer goes when a replica's acknowledgement arrives.
 * Same answers, headers and refusals as the other KV
 * endpoints ({@link KvResource}, {@link DbHeadersFilter}).
 */
@Singleton
public class KvWriteRoute {

    private static final String JSON = "application/json";

    private final KvStore store;
    private final DbConfig config;
    private final NodeRole role;
    private final SemiSyncGate semiSync;
    private final Replication replication;

    KvWriteRoute(KvStore store, DbConfig config, NodeRole role, SemiSyncGate semiSync, Replication replication) {
        this.store = store;
        this.config = config;
        this.role = role;
        this.semiSync = semiSync;
        this.replication = replication;
    }

    void register(@Observes Router router) {
        router.putWithRegex("/kv/(?<key>.+)").handler(this::put);
    }

    private void put(RoutingContext rc) {
        String key = rc.pathParam("key");
        Optional<String> keyProblem = KeyRules.problem(key, config.maxKeyBytes());
        if (keyProblem.isPresent()) {
            error(rc, 400, "invalid_key", keyProblem.get());
            return;
        }
        RoleState current = role.current();
        if (!current.writable()) {
            readOnly(rc, current);
            return;
        }
        long maxValueBytes = config.maxValueSize().asLongValue();
        String declared = rc.request().getHeader("Content-Length");
        if (declared != null && declared.chars().allMatch(Character::isDigit) && declared.length() < 19
                && Long.parseLong(declared) > maxValueBytes) {
            error(rc, 413, "value_too_large", "value is " + declared + " bytes; at most " + maxValueBytes
                    + " are allowed");
            return;
        }
        // The raw body whatever its content type (a BodyHandler would try to parse a form). The server's own
        // limit (quarkus.http.limits.max-body-size, above db.max-value-size) bounds what is buffered.
        rc.request().body().onSuccess(body -> write(rc, key, body.getBytes(), maxValueBytes))
                .onFailure(rc::fail);
        rc.request().resume(); // Quarkus hands routes a paused request (for a body handler to resume)
    }

    private void write(RoutingContext rc, String key, byte[] value, long maxValueBytes) {
        if (value.length > maxValueBytes) { // a chunked body declares no length up front
            error(rc, 413, "value_too_large",
                    "value is " + value.length + " bytes; at most " + maxValueBytes + " are allowed");
            return;
        }
        CompletableFuture<WriteResult> durable;
        try {
            durable = store.putAsync(key, value);
        } catch (WritesRefusedException e) {
            readOnly(rc, role.current()); // switched to read-only between the check above and the write
            return;
        }
        durable.whenComplete((result, failure) -> {
            if (failure != null) {
                rc.fail(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
            } else if (semiSync.active()) {
                // Answered by whichever thread delivers the replica's acknowledgement (or the semi-sync timer).
                semiSync.awaitAsync(result.gtid()).thenAccept(outcome -> written(rc, key, result, outcome));
            } else {
                written(rc, key, result, SemiSyncGate.Outcome.ASYNC);
            }
        });
    }

    private void written(RoutingContext rc, String key, WriteResult result, SemiSyncGate.Outcome outcome) {
        JsonObject reply = new JsonObject().put("key", key).put("gtid", result.gtid().toString())
                .put("semiSync", outcome.text());
        send(rc, 200, reply);
    }

    private void readOnly(RoutingContext rc, RoleState state) {
        String message = ReadOnlyError.message(state, role.readOnlyReason());
        send(rc, 503, new JsonObject().put("error", "read_only").put("message", message)
                .put("role", state.role().text()).put("source", state.source()));
    }

    private void error(RoutingContext rc, int status, String code, String message) {
        send(rc, status, new JsonObject().put("error", code).put("message", message));
    }

    /** Answers with the headers every KV answer carries (see {@link DbHeadersFilter}). */
    private void send(RoutingContext rc, int status, JsonObject body) {
        Role current = role.current().role();
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", JSON)
                .putHeader(DbHeadersFilter.ROLE_HEADER, current.text())
                .putHeader(DbHeadersFilter.EXECUTED_HEADER, store.executed().toString())
                .putHeader(DbHeadersFilter.LAG_HEADER, current == Role.PRIMARY ? "0"
                        : DbHeadersFilter.lagHeader(replication.status().secondsBehind()))
                .end(body.toBuffer());
    }
}
