package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.kit.admin.AdminToken;
import dev.outagelab.kit.fault.FaultRegistry;
import dev.outagelab.kit.fault.FaultTarget;
import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.kit.identity.Instance;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/**
 * The source side of replication, on the app port like MySQL's (one port for clients and replicas), guarded by
 * the admin token: the binlog stream, semi-sync acknowledgements, and this node's GTID set for others to compare.
 * The protocol is described in {@link StreamProtocol}. App-port faults apply here as to any request; a hang also
 * silences streams that are already open.
 */
@Singleton
public class ReplicationRoutes {

    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** MySQL's ER_SOURCE_FATAL_ERROR_READING_BINLOG, which a replica asking for purged events gets. */
    static final int PURGED_ERROR_CODE = 1236;

    private final KvStore store;
    private final NodeRole role;
    private final AdminToken token;
    private final SemiSyncGate semiSync;
    private final ConnectedReplicas replicas;
    private final FaultRegistry faults;
    private final Instance instance;
    private final DbConfig config;
    private final ReplicaProgress progress;

    ReplicationRoutes(KvStore store, NodeRole role, AdminToken token, SemiSyncGate semiSync,
            ConnectedReplicas replicas, FaultRegistry faults, Instance instance, DbConfig config,
            ReplicaProgress progress) {
        this.progress = progress;
        this.store = store;
        this.role = role;
        this.token = token;
        this.semiSync = semiSync;
        this.replicas = replicas;
        this.faults = faults;
        this.instance = instance;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.route("/replication/*").handler(rc -> {
            if (token.permits(rc.request().getHeader("Authorization"))) {
                rc.next();
            } else {
                rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"outage-lab\"");
                JsonReplies.error(rc, 401, "unauthorized",
                        "replication needs 'Authorization: Bearer <token>' with the lab's admin token");
            }
        });
        router.post(StreamProtocol.STREAM_PATH).handler(BodyHandler.create().setBodyLimit(MAX_REQUEST_BYTES));
        router.post(StreamProtocol.STREAM_PATH).handler(this::stream);
        router.post(StreamProtocol.ACK_PATH).handler(BodyHandler.create().setBodyLimit(MAX_REQUEST_BYTES));
        router.post(StreamProtocol.ACK_PATH).handler(this::ack);
        router.get(StreamProtocol.STATUS_PATH).handler(rc -> JsonReplies.json(rc, 200, new JsonObject()
                .put("uuid", store.serverUuid().toString())
                .put("name", instance.name())
                .put("role", role.current().role().text())
                .put("url", config.advertiseUrl())
                .put("gtidExecuted", store.executed().toString())));
    }

    /** The replica's identity and GTID set, or null after answering 400. */
    private record Request(UUID replica, String name, GtidSet executed) {
    }

    private Request parse(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        String example = "send {\"replicaUuid\": \"<uuid>\", \"replicaName\": \"db-node-west-0\", "
                + "\"gtidExecuted\": \"<gtid set>\"}";
        if (body == null) {
            JsonReplies.error(rc, 400, "bad_request", "the body is not a JSON object; " + example);
            return null;
        }
        try {
            UUID replica = UUID.fromString(String.valueOf(body.getValue("replicaUuid")));
            Object executed = body.getValue("gtidExecuted", "");
            if (!(executed instanceof String text)) {
                throw new IllegalArgumentException("gtidExecuted must be a string");
            }
            return new Request(replica, String.valueOf(body.getValue("replicaName", replica.toString())),
                    GtidSet.parse(text));
        } catch (IllegalArgumentException | ClassCastException e) {
            JsonReplies.error(rc, 400, "bad_request", e.getMessage() + "; " + example);
            return null;
        }
    }

    private void stream(RoutingContext rc) {
        Request request = parse(rc);
        if (request == null) {
            return;
        }
        if (request.replica().equals(store.serverUuid())) {
            JsonReplies.error(rc, 409, "same_server", "a node cannot replicate from itself (server uuid "
                    + store.serverUuid() + ")");
            return;
        }
        // The streamer takes the binlog's start now, before the purged set is read below; see Binlog.purgeBefore.
        BinlogStreamer streamer = new BinlogStreamer(store.binlog(), request.executed(), rc.response(),
                config.replication().heartbeatInterval().toMillis(), () -> faults.hanging(FaultTarget.APP),
                Clock.systemUTC(), request.name());
        progress.streamOpened(request.replica(), request.name(), request.executed(), Clock.systemUTC().instant());
        GtidSet missing = store.binlog().purged().subtract(request.executed());
        if (!missing.isEmpty()) {
            progress.streamClosed(request.replica(), Clock.systemUTC().instant());
            JsonObject refusal = new JsonObject()
                    .put("error", "purged_binlogs")
                    .put("code", PURGED_ERROR_CODE)
                    .put("message", purgedMessage(request.executed(), missing))
                    .put("missing", missing.toString());
            JsonReplies.json(rc, 409, refusal);
            return;
        }
        HttpServerResponse response = rc.response()
                .setChunked(true)
                .putHeader("Content-Type", StreamProtocol.CONTENT_TYPE)
                .putHeader(StreamProtocol.SERVER_UUID_HEADER, store.serverUuid().toString())
                .putHeader(StreamProtocol.SEMI_SYNC_HEADER, String.valueOf(semiSync.enabled()));
        ConnectedReplicas.Link link = replicas.connected(request.replica(), request.name(),
                String.valueOf(rc.request().remoteAddress()), Clock.systemUTC().instant());
        response.closeHandler(closed -> streamer.close());
        Thread thread = new Thread(() -> {
            try {
                streamer.run();
            } finally {
                replicas.disconnected(link);
                progress.streamClosed(request.replica(), Clock.systemUTC().instant());
            }
        }, "binlog-dump-" + request.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Worded after MySQL's error 1236 for the same situation, so an operator recognises it. */
    static String purgedMessage(GtidSet replicaHas, GtidSet missing) {
        return "error " + PURGED_ERROR_CODE + ": cannot replicate because the source purged required binary logs; "
                + "replicate the missing transactions from elsewhere, or provision the replica anew from a copy of "
                + "the source, and consider a longer db.binlog.retention. The GTID set sent by the replica is '"
                + replicaHas + "', and the missing transactions are '" + missing + "'";
    }

    private void ack(RoutingContext rc) {
        Request request = parse(rc);
        if (request == null) {
            return;
        }
        semiSync.acknowledge(request.replica(), request.executed());
        progress.reported(request.replica(), request.executed(), Clock.systemUTC().instant());
        rc.response().setStatusCode(204).end();
    }
}
