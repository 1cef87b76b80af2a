package dev.outagelab.orchestrator.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.outagelab.orchestrator.analysis.AnalysisGoldenTestAccess;
import dev.outagelab.orchestrator.analysis.Analyzer;
import dev.outagelab.orchestrator.topology.Topology;
import io.vertx.core.json.JsonObject;

class TopologyPageTest {

    @Test
    void drawsEachRegionWithReplicasNestedUnderTheirPrimaryAndTheEvidence() throws Exception {
        Topology topology = AnalysisGoldenTestAccess.load(Path.of("src/test/resources/analysis/dead-primary/topology.json"));
        String html = TopologyPage.render(topology, new Analyzer(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .analyze(topology), new JsonObject().put("self", "orchestrator-west").put("leader", "orchestrator-cloud")
                .put("term", 3));
        int east = html.indexOf("<h2>east</h2>");
        int west = html.indexOf("<h2>west</h2>");
        int primary = html.indexOf("db-node-east-0 (east, primary, unreachable");
        assertTrue(east >= 0 && west > east, html);
        assertTrue(primary > east && primary < west, "the dead primary is drawn in east: " + html);
        int nested = html.indexOf("<ul>", primary);
        assertTrue(nested > primary && html.indexOf("db-node-west-0 (west, replica", nested) > nested,
                "west-0 is nested under its primary: " + html);
        assertTrue(html.contains("Analysis: <b>DeadPrimary</b>") && html.contains("leader orchestrator-cloud, term 3"));
    }

    @Test
    void aFencedFormerPrimaryIsDrawnAsFencedBesideTheRealOne() throws Exception {
        Topology topology = AnalysisGoldenTestAccess.load(
                Path.of("src/test/resources/analysis/fenced-former-primary-after-failover/topology.json"));
        String html = TopologyPage.render(topology, new Analyzer(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .analyze(topology), new JsonObject().put("self", "orchestrator-west").put("leader", "orchestrator-west")
                .put("term", 2));
        assertTrue(html.contains("db-node-east-0 (east, primary, fenced (read-only since its restart))"), html);
        assertTrue(html.contains("db-node-east-1 (east, primary)"), html);
        assertTrue(html.contains("Analysis: <b>FencedFormerPrimary</b> on db-node-east-1"), html);
    }

    @Test
    void escapesWhatDbNodesReport() {
        assertFalse(TopologyPage.esc("<script>\"x\"&").contains("<"));
    }
}
