package dev.outagelab.orchestrator.analysis;

import io.vertx.core.json.JsonObject;

/** One observed fact an analysis rests on: which node, and what was seen. */
public record Evidence(String node, String fact) {

    @Override
    public String toString() {
        return node + ": " + fact;
    }

    public JsonObject toJson() {
        return new JsonObject().put("node", node).put("fact", fact);
    }
}
