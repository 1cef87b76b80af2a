package dev.outagelab.dnsresolver.fleet;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One member as the fleet manager sees it in one round. A member that did not answer is {@code reachable=false} and
 * counts as neither healthy nor in service.
 *
 * @param healthy             whether its DNS answers (its own self-query), whatever its service state
 * @param reason              why it is out of service ({@code maintenance}, {@code failing}, {@code manual}), or null
 * @param maintenanceRemovals when it was taken out for maintenance in about the last hour: the rotation's memory
 */
public record MemberStatus(String name, boolean reachable, boolean inService, boolean healthy, String reason,
        Instant since, String by, List<Instant> maintenanceRemovals) {

    public static MemberStatus unreachable(String name) {
        return new MemberStatus(name, false, false, false, null, null, null, List.of());
    }

    public boolean servingHealthy() {
        return reachable && inService && healthy;
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("reachable", reachable).put("in-service", inService)
                .put("healthy", healthy).put("reason", reason).put("since", since == null ? null : since.toString())
                .put("by", by).put("maintenance-removals",
                        new JsonArray(maintenanceRemovals.stream().map(Instant::toString).toList()));
    }

    public static MemberStatus fromJson(JsonObject json) {
        String since = json.getString("since");
        JsonArray removals = json.getJsonArray("maintenance-removals", new JsonArray());
        return new MemberStatus(json.getString("name"), true, json.getBoolean("in-service"),
                json.getBoolean("healthy"), json.getString("reason"), since == null ? null : Instant.parse(since),
                json.getString("by"), removals.stream().map(o -> Instant.parse((String) o)).toList());
    }
}
