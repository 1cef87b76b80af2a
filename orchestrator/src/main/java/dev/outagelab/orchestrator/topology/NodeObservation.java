package dev.outagelab.orchestrator.topology;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One db-node as this orchestrator sees it after its latest poll. When a poll fails the last status it did get is
 * kept, marked stale by {@code reachable=false}: the dead primary's GTID set and URL are what recovery needs.
 *
 * @param reachable   whether the latest poll got a status
 * @param lastError   why the latest poll failed, or null
 * @param lastContact when a poll last succeeded, or null if never
 * @param status      the latest status received, or null if never
 */
public record NodeObservation(String name, String region, String adminUrl, String dnsName, boolean reachable,
                              String lastError, Instant lastContact, DbNodeStatus status) {

    /** The region of a node found by DNS discovery until its first status says where it is. */
    public static final String UNKNOWN_REGION = "unknown";

    public static NodeObservation unknown(DbNodeTarget target) {
        return new NodeObservation(target.name(), target.region(), target.adminUrl(), target.dnsName(), false,
                "not polled yet", null, null);
    }

    /** A configured region stays; a discovered node takes the region its status reports. */
    public NodeObservation succeeded(DbNodeStatus fresh, Instant at) {
        String known = UNKNOWN_REGION.equals(region) && fresh.region() != null ? fresh.region() : region;
        return new NodeObservation(name, known, adminUrl, dnsName, true, null, at, fresh);
    }

    public NodeObservation failed(String error) {
        return new NodeObservation(name, region, adminUrl, dnsName, false, error, lastContact, status);
    }

    public boolean known() {
        return status != null;
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("region", region).put("adminUrl", adminUrl)
                .put("dnsName", dnsName).put("reachable", reachable).put("lastError", lastError)
                .put("lastContact", lastContact == null ? null : lastContact.toString())
                .put("status", status == null ? null : status.toJson());
    }
}
