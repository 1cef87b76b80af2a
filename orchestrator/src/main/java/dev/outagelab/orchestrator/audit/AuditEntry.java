package dev.outagelab.orchestrator.audit;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One line of the audit log.
 *
 * @param seq     increasing per node, so a reader can ask for what is new since its last read
 * @param node    the orchestrator node that acted or observed
 * @param details machine-readable facts (names, codes, timings), may be empty
 */
public record AuditEntry(long seq, Instant at, String node, AuditKind kind, String message, JsonObject details) {

    public JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("at", at.toString()).put("node", node).put("kind", kind.name())
                .put("message", message).put("details", details);
    }
}
