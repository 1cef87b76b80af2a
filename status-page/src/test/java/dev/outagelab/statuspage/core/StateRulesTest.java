package dev.outagelab.statuspage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests: what the probes saw, and the status the rules must give (defaults: see RuleSettings). */
class StateRulesTest {

    private static final Instant T = Instant.parse("2018-10-21T22:52:00Z");
    private final StateRules rules = new StateRules(RuleSettings.defaults());

    static Sample up(String source) {
        return new Sample(Sample.Kind.INSTANCE, source, T, true, Duration.ofMillis(5), null);
    }

    static Sample down(String source) {
        return new Sample(Sample.Kind.INSTANCE, source, T, false, Duration.ofMillis(2), "HTTP 503");
    }

    static Sample ok(long millis) {
        return new Sample(Sample.Kind.SYNTHETIC, "check", T, true, Duration.ofMillis(millis), null);
    }

    static Sample failed(long millis, String reason) {
        return new Sample(Sample.Kind.SYNTHETIC, "check", T, false, Duration.ofMillis(millis), reason);
    }

    static List<Sample> times(int n, Sample sample) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sample);
        }
        return out;
    }

    @SafeVarargs
    static List<Sample> concat(List<Sample>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("every instance up", List.of(up("a"), up("b"), up("c")), List.of(),
                        ComponentStatus.OPERATIONAL),
                Arguments.of("one of three instances down", List.of(up("a"), down("b"), up("c")), List.of(),
                        ComponentStatus.PARTIAL_OUTAGE),
                Arguments.of("two of three instances down", List.of(down("a"), down("b"), up("c")), List.of(),
                        ComponentStatus.MAJOR_OUTAGE),
                Arguments.of("Release It!: 3 of 4 scheduling instances gone", List.of(down("a"), down("b"), down("c"),
                        up("d")), List.of(), ComponentStatus.MAJOR_OUTAGE),
                Arguments.of("all checks pass quickly", List.of(), times(10, ok(20)), ComponentStatus.OPERATIONAL),
                Arguments.of("1 of 10 checks failed (below 20%)", List.of(),
                        concat(times(9, ok(20)), times(1, failed(3, "SERVFAIL"))), ComponentStatus.OPERATIONAL),
                Arguments.of("1 of 4 resolvers failing (25%)", List.of(),
                        concat(times(3, ok(20)), times(1, failed(3, "SERVFAIL"))), ComponentStatus.PARTIAL_OUTAGE),
                Arguments.of("half the checks failing", List.of(),
                        concat(times(5, ok(20)), times(5, failed(3, "HTTP 502"))), ComponentStatus.MAJOR_OUTAGE),
                Arguments.of("successes slow at p95", List.of(), times(10, ok(900)),
                        ComponentStatus.DEGRADED_PERFORMANCE),
                Arguments.of("timeouts count: 2 of 20 time out, the 18 successes are fast", List.of(),
                        concat(times(18, ok(10)), times(2, failed(800, "timeout after 800ms"))),
                        ComponentStatus.DEGRADED_PERFORMANCE),
                Arguments.of("a hung instance's timeouts make it down, not just slow", List.of(up("a"), down("b")),
                        times(4, failed(800, "timeout after 800ms")), ComponentStatus.MAJOR_OUTAGE),
                Arguments.of("worst rule wins: slow and one instance down", List.of(up("a"), up("b"), down("c")),
                        times(10, ok(900)), ComponentStatus.PARTIAL_OUTAGE));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("table")
    void probeResultsGiveTheDocumentedStatus(String name, List<Sample> instances, List<Sample> window,
            ComponentStatus expected) {
        List<Sample> all = concat(instances, window);
        assertEquals(expected, rules.evaluate(instances, all).status());
    }

    @Test
    void timeoutsCountInTheLatencyPercentileWhileSuccessOnlyLatencyLooksFine() {
        List<Sample> window = concat(times(18, ok(10)), times(2, failed(800, "timeout after 800ms")));
        List<Sample> successesOnly = window.stream().filter(Sample::ok).toList();
        assertEquals(Duration.ofMillis(800), StateRules.percentile(window, 95));
        assertEquals(Duration.ofMillis(10), StateRules.percentile(successesOnly, 95));
        Verdict verdict = rules.evaluate(List.of(), window);
        assertTrue(verdict.reason().contains("p95 latency 800ms over 500ms (failures and timeouts included)"),
                verdict.reason());
    }

    @Test
    void reasonNamesTheInstancesDownAndWhy() {
        Verdict verdict = rules.evaluate(List.of(up("db-node-east-0"), down("db-node-west-0")),
                List.of(up("db-node-east-0"), down("db-node-west-0")));
        assertEquals("1 of 2 instances down: db-node-west-0 (HTTP 503)", verdict.reason());
    }

    @Test
    void nothingProbedYetGivesNoVerdict() {
        assertNull(rules.evaluate(List.of(), List.of()));
    }
}
