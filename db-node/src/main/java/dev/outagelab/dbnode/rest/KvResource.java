package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.dbnode.store.WriteResult;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The key-value API. Writes answer only once their binlog event is fsync'd, with the GTID they got; reads carry
 * the node's executed GTID set so a client can tell how far this node has come.
 */
@Path("/kv/{key: .+}")
public class KvResource {

    static final String EXECUTED_HEADER = "X-Gtid-Executed";

    @Inject
    KvStore store;

    @Inject
    DbConfig config;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("key") String key, byte[] value) {
        Optional<Response> refusal = checkKey(key);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        byte[] body = value == null ? new byte[0] : value;
        long maxValueBytes = config.maxValueSize().asLongValue();
        if (body.length > maxValueBytes) {
            return ApiError.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, "value_too_large",
                    "value is " + body.length + " bytes; at most " + maxValueBytes + " are allowed");
        }
        return written(key, store.put(key, body));
    }

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
        // Deleting nothing writes nothing, so the binlog (and the split-brain ledger) holds only real changes.
        if (store.get(key).isEmpty()) {
            return notFound(key);
        }
        return written(key, store.delete(key));
    }

    private Optional<Response> checkKey(String key) {
        return KeyRules.problem(key, config.maxKeyBytes())
                .map(problem -> ApiError.response(Response.Status.BAD_REQUEST, "invalid_key", problem));
    }

    private Response written(String key, WriteResult result) {
        return Response.ok(new WriteReply(key, result.gtid().toString()))
                .header(EXECUTED_HEADER, store.executed().toString())
                .build();
    }

    private static Response notFound(String key) {
        return ApiError.response(Response.Status.NOT_FOUND, "not_found", "no value for key '" + key + "'");
    }
}
