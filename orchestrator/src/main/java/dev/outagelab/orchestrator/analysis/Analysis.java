package dev.outagelab.orchestrator.analysis;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The verdict of one analysis round.
 *
 * @param primary  the node the verdict is about (the primary, or null when there is none)
 * @param evidence the facts that led to the code, in the order they were checked
 */
public record Analysis(AnalysisCode code, String primary, List<Evidence> evidence, Instant at) {

    public Analysis {
        evidence = List.copyOf(evidence);
    }

    public JsonObject toJson() {
        JsonArray facts = new JsonArray();
        evidence.forEach(e -> facts.add(e.toJson()));
        return new JsonObject().put("code", code.name()).put("recoverable", code.recoverable())
                .put("action", code.action())
                .put("primary", primary).put("evidence", facts).put("at", at.toString());
    }
}
