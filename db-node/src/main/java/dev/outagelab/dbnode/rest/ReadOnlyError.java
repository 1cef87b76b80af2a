package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.RoleState;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The 503 a write gets from a node that does not take writes: the usual error shape plus the node's role and
 * source, so a client (or the drill's operator) can see at once where writes should go instead, and, on a node in
 * read-only mode, why it is (a primary fenced after a restart says so).
 */
public record ReadOnlyError(String error, String message, String role, String source) {

    static Response response(NodeRole node) {
        RoleState state = node.current();
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ReadOnlyError("read_only", message(state, node.readOnlyReason()), state.role().text(),
                        state.source()))
                .build();
    }

    /** The message of every refused write, the {@code PUT} route's included. */
    static String message(RoleState state, Optional<String> readOnlyReason) {
        return state.sourceName()
                .map(source -> "this node is a replica of '" + source + "' and does not accept writes; write to the"
                        + " primary")
                .orElseGet(() -> "this node is in read-only mode and does not accept writes"
                        + readOnlyReason.map(reason -> ": " + reason).orElse(""));
    }
}
