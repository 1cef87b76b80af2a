package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.role.RoleState;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The 503 a write gets from a node that does not take writes: the usual error shape plus the node's role and
 * source, so a client (or the drill's operator) can see at once where writes should go instead.
 */
public record ReadOnlyError(String error, String message, String role, String source) {

    static Response response(RoleState state) {
        String message = state.sourceName()
                .map(source -> "this node is a replica of '" + source + "' and does not accept writes; write to the"
                        + " primary")
                .orElse("this node is in read-only mode and does not accept writes");
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ReadOnlyError("read_only", message, state.role().text(), state.source()))
                .build();
    }
}
