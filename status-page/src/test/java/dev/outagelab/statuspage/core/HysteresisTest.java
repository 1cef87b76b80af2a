package dev.outagelab.statuspage.core;

import static dev.outagelab.statuspage.core.ComponentStatus.DEGRADED_PERFORMANCE;
import static dev.outagelab.statuspage.core.ComponentStatus.MAJOR_OUTAGE;
import static dev.outagelab.statuspage.core.ComponentStatus.OPERATIONAL;
import static dev.outagelab.statuspage.core.ComponentStatus.PARTIAL_OUTAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Worse after 2 consecutive evaluations, better after 3 (the defaults). */
class HysteresisTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("first verdict is taken at once", List.of(MAJOR_OUTAGE), List.of(MAJOR_OUTAGE)),
                Arguments.of("one bad evaluation is a blip", List.of(OPERATIONAL, MAJOR_OUTAGE, OPERATIONAL),
                        List.of(OPERATIONAL, OPERATIONAL, OPERATIONAL)),
                Arguments.of("two bad evaluations turn it red", List.of(OPERATIONAL, MAJOR_OUTAGE, MAJOR_OUTAGE),
                        List.of(OPERATIONAL, OPERATIONAL, MAJOR_OUTAGE)),
                Arguments.of("worse in different ways still counts as worse",
                        List.of(OPERATIONAL, DEGRADED_PERFORMANCE, PARTIAL_OUTAGE),
                        List.of(OPERATIONAL, OPERATIONAL, PARTIAL_OUTAGE)),
                Arguments.of("recovery needs three good evaluations",
                        List.of(MAJOR_OUTAGE, OPERATIONAL, OPERATIONAL, OPERATIONAL),
                        List.of(MAJOR_OUTAGE, MAJOR_OUTAGE, MAJOR_OUTAGE, OPERATIONAL)),
                Arguments.of("a flapping target does not flap the page",
                        List.of(OPERATIONAL, MAJOR_OUTAGE, OPERATIONAL, MAJOR_OUTAGE, OPERATIONAL, MAJOR_OUTAGE),
                        List.of(OPERATIONAL, OPERATIONAL, OPERATIONAL, OPERATIONAL, OPERATIONAL, OPERATIONAL)),
                Arguments.of("a relapse during recovery restarts the count",
                        List.of(MAJOR_OUTAGE, OPERATIONAL, OPERATIONAL, MAJOR_OUTAGE, OPERATIONAL, OPERATIONAL),
                        List.of(MAJOR_OUTAGE, MAJOR_OUTAGE, MAJOR_OUTAGE, MAJOR_OUTAGE, MAJOR_OUTAGE, MAJOR_OUTAGE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void shownStatusFollowsTheRulesWithHysteresis(String name, List<ComponentStatus> raw,
            List<ComponentStatus> expected) {
        Hysteresis hysteresis = new Hysteresis(2, 3);
        List<ComponentStatus> shown = new ArrayList<>();
        for (ComponentStatus status : raw) {
            shown.add(hysteresis.next(new Verdict(status, null)).status());
        }
        assertEquals(expected, shown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void noEvaluationKeepsWhatIsShown(String name, List<ComponentStatus> raw, List<ComponentStatus> expected) {
        Hysteresis hysteresis = new Hysteresis(2, 3);
        assertNull(hysteresis.next(null));
        hysteresis.next(new Verdict(raw.get(0), null));
        assertEquals(raw.get(0), hysteresis.next(null).status());
    }
}
