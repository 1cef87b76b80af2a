package dev.outagelab.orchestrator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.outagelab.orchestrator.topology.DbNodeStatus;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;
import io.vertx.core.json.JsonObject;

/**
 * Golden directories under {@code src/test/resources/analysis/<case>/}: {@code topology.json} is one polling
 * round as this orchestrator saw it, {@code expected.txt} the code, primary, whether it triggers recovery, and
 * the evidence, line by line. Add a case by adding a directory.
 */
class AnalysisGoldenTest {

    private static final Analyzer ANALYZER = new Analyzer(Duration.ofSeconds(2), Duration.ofSeconds(10));

    @TestFactory
    Stream<DynamicTest> everyGoldenDirectoryGivesItsExpectedAnalysis() throws IOException {
        return cases().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Analysis analysis = ANALYZER.analyze(load(dir.resolve("topology.json")));
            String expected = Files.readString(dir.resolve("expected.txt"), StandardCharsets.UTF_8).strip();
            assertEquals(expected, render(analysis), "analysis of " + dir.getFileName());
        }));
    }

    @Test
    void theGoldenCasesCoverEveryCodeOfTheVocabulary() throws IOException {
        List<String> seen = new ArrayList<>();
        for (Path dir : cases().toList()) {
            seen.add(ANALYZER.analyze(load(dir.resolve("topology.json"))).code().name());
        }
        for (AnalysisCode code : AnalysisCode.values()) {
            assertFalse(!seen.contains(code.name()), "no golden case yields " + code);
        }
    }

    private static Stream<Path> cases() throws IOException {
        try {
            Path root = Path.of(AnalysisGoldenTest.class.getResource("/analysis").toURI());
            return Files.list(root).filter(Files::isDirectory).sorted();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    static Topology load(Path file) throws IOException {
        JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        Instant at = Instant.parse(json.getString("at"));
        List<NodeObservation> nodes = new ArrayList<>();
        for (Object o : json.getJsonArray("nodes")) {
            JsonObject n = (JsonObject) o;
            JsonObject status = n.getJsonObject("status");
            nodes.add(new NodeObservation(n.getString("name"), n.getString("region"), "http://admin.invalid",
                    n.getString("name") + ".db.lab.internal.", n.getBoolean("reachable"), n.getString("lastError"),
                    at.minusSeconds(n.getBoolean("reachable") ? 0 : 5),
                    status == null ? null : DbNodeStatus.fromJson(status)));
        }
        return new Topology(at, nodes);
    }

    static String render(Analysis analysis) {
        StringBuilder text = new StringBuilder()
                .append("code: ").append(analysis.code()).append('\n')
                .append("primary: ").append(analysis.primary()).append('\n')
                .append("action: ").append(analysis.code().action()).append('\n')
                .append("evidence:");
        analysis.evidence().forEach(e -> text.append("\n- ").append(e));
        return text.toString();
    }
}
