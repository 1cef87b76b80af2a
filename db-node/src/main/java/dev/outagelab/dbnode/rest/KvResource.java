package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.replication.SemiSyncGate;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.dbnode.store.WriteResult;
import dev.outagelab.dbnode.store.WritesRefusedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The key-value API's reads and deletes ({@code PUT} is {@link KvWriteRoute}, the hot path). Writes answer only
 * once their binlog event is fsync'd, with the GTID they got; reads carry
 * the node's executed GTID set so a client can tell how far this node has come (set by {@link DbHeadersFilter},
 * which adds the role and lag too). A replica or a read-only node refuses writes with 503 and changes nothing.
 */
@Path("/kv/{key: .+}")
public class KvResource {

    static final String EXECUTED_HEADER = DbHeadersFilter.EXECUTED_HEADER;

    @Inject
    KvStore store;

    @Inject
    DbConfig config;

    @Inject
    NodeRole role;

    @Inject
    SemiSyncGate semiSync;

    @GET
    public Response get(@PathParam("key") String key) {
        Optional<Response> refusal = checkKey(key);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        // Read the set before the value: the value is then at least as new as the set the client is told.
        String executed = store.executed().toString();
        Optional<byte[]> value = store.get(key);
        if (value.isEmpty()) {
            return Response.fromResponse(notFound(key)).header(EXECUTED_HEADER, executed).build();
        }
        return Response.ok(value.get(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(EXECUTED_HEADER, executed)
                .build();
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("key") String key) {
        Optional<Response> refusal = checkKey(key);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Optional<Response> readOnly = refuseIfReadOnly();
        if (readOnly.isPresent()) {
            return readOnly.get();
        }
        // Deleting nothing writes nothing, so the binlog (and the split-brain ledger) holds only real changes.
        if (store.get(key).isEmpty()) {
            return notFound(key);
        }
        try {
            return written(key, store.delete(key));
        } catch (WritesRefusedException e) {
            return ReadOnlyError.response(role);
        }
    }

    /**
     * Refuses a write up front on a node that does not take writes, before a DELETE could answer 404 from a
     * replica. The store's own gate (the catch above) covers a switch to read-only between this check and the write.
     */
    private Optional<Response> refuseIfReadOnly() {
        return role.current().writable() ? Optional.empty() : Optional.of(ReadOnlyError.response(role));
    }

    private Optional<Response> checkKey(String key) {
        return KeyRules.problem(key, config.maxKeyBytes())
                .map(problem -> ApiError.response(Response.Status.BAD_REQUEST, "invalid_key", problem));
    }

    /**
     * Answers a durable write, after semi-sync (when on) has seen a replica acknowledge it or timed out; the reply
     * says which, so a client knows whether its write is on a second machine.
     */
    private Response written(String key, WriteResult result) {
        SemiSyncGate.Outcome outcome;
        try {
            outcome = semiSync.await(result.gtid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = SemiSyncGate.Outcome.ASYNC;
        }
        return Response.ok(new WriteReply(key, result.gtid().toString(), outcome.text())).build();
    }

    private static Response notFound(String key) {
        return ApiError.response(Response.Status.NOT_FOUND, "not_found", "no value for key '" + key + "'");
    }
}
