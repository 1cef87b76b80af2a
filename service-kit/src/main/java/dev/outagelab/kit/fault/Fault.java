package dev.outagelab.kit.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/** One injected fault. {@code expiresAt} is empty for a fault that lasts until it is cleared. */
public record Fault(String id, FaultSpec spec, Instant injectedAt, Optional<Instant> expiresAt) {

    public boolean activeAt(Instant now) {
        return expiresAt.map(now::isBefore).orElse(true);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("id", id);
        json.mergeIn(spec.toJson());
        json.put("injectedAt", injectedAt.toString());
        expiresAt.ifPresent(at -> json.put("expiresAt", at.toString()));
        return json;
    }

    static Fault start(String id, FaultSpec spec, Instant now) {
        return new Fault(id, spec, now, spec.duration().map((Duration d) -> now.plus(d)));
    }
}
