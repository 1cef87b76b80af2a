package dev.outagelab.orchestrator.recovery;

import io.vertx.core.json.JsonObject;

/**
 * One recovery as the Raft group remembers it. Times are epoch milliseconds (null until reached), so every node
 * and every reader computes the same durations.
 *
 * @param kind         automatic, manual or graceful-takeover
 * @param analysis     the analysis code that started it
 * @param lostAt       the last moment anyone (this node or a replica) heard from the failed primary
 * @param detectedAt   when the analysis concluded the primary was dead
 * @param outcome      running, succeeded or failed
 */
public record RecoveryRecord(String id, String kind, String analysis, String failedPrimary, String promoted,
                             String startedBy, Long lostAt, Long detectedAt, Long promotedAt, Long dnsUpdatedAt,
                             Long endedAt, String outcome, String message, boolean acknowledged,
                             String acknowledgedBy, String acknowledgeComment) {

    public RecoveryRecord with(String newPromoted, Long newPromotedAt, Long newDnsAt, Long newEndedAt,
                               String newOutcome, String newMessage) {
        return new RecoveryRecord(id, kind, analysis, failedPrimary, newPromoted, startedBy, lostAt, detectedAt,
                newPromotedAt, newDnsAt, newEndedAt, newOutcome, newMessage, acknowledged, acknowledgedBy,
                acknowledgeComment);
    }

    public RecoveryRecord acknowledge(String by, String comment) {
        return new RecoveryRecord(id, kind, analysis, failedPrimary, promoted, startedBy, lostAt, detectedAt,
                promotedAt, dnsUpdatedAt, endedAt, outcome, message, true, by, comment);
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("kind", kind).put("analysis", analysis)
                .put("failedPrimary", failedPrimary).put("promoted", promoted).put("startedBy", startedBy)
                .put("lostAt", lostAt).put("detectedAt", detectedAt).put("promotedAt", promotedAt)
                .put("dnsUpdatedAt", dnsUpdatedAt).put("endedAt", endedAt).put("outcome", outcome)
                .put("message", message).put("acknowledged", acknowledged).put("acknowledgedBy", acknowledgedBy)
                .put("acknowledgeComment", acknowledgeComment);
    }

    /** The record plus the durations a postmortem asks for: loss to detection, to promotion, to DNS. */
    public JsonObject toJsonWithTimings() {
        return toJson().put("timings", new JsonObject()
                .put("detectMillis", between(lostAt, detectedAt))
                .put("promoteMillis", between(lostAt, promotedAt))
                .put("dnsMillis", between(lostAt, dnsUpdatedAt)));
    }

    public static RecoveryRecord fromJson(JsonObject json) {
        return new RecoveryRecord(json.getString("id"), json.getString("kind"), json.getString("analysis"),
                json.getString("failedPrimary"), json.getString("promoted"), json.getString("startedBy"),
                json.getLong("lostAt"), json.getLong("detectedAt"), json.getLong("promotedAt"),
                json.getLong("dnsUpdatedAt"), json.getLong("endedAt"), json.getString("outcome"),
                json.getString("message"), json.getBoolean("acknowledged", false), json.getString("acknowledgedBy"),
                json.getString("acknowledgeComment"));
    }

    private static Long between(Long from, Long to) {
        return from == null || to == null ? null : to - from;
    }
}
