package dev.outagelab.statuspage.core;

import static dev.outagelab.statuspage.core.ComponentStatus.DEGRADED_PERFORMANCE;
import static dev.outagelab.statuspage.core.ComponentStatus.MAJOR_OUTAGE;
import static dev.outagelab.statuspage.core.ComponentStatus.OPERATIONAL;
import static dev.outagelab.statuspage.core.ComponentStatus.PARTIAL_OUTAGE;
import static dev.outagelab.statuspage.core.ComponentStatus.UNDER_MAINTENANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusRollupTest {

    @Test
    void groupShowsItsWorstChild() {
        assertEquals(OPERATIONAL, StatusRollup.worst(List.of(OPERATIONAL, OPERATIONAL)));
        assertEquals(PARTIAL_OUTAGE, StatusRollup.worst(List.of(OPERATIONAL, PARTIAL_OUTAGE, DEGRADED_PERFORMANCE)));
        assertEquals(MAJOR_OUTAGE, StatusRollup.worst(List.of(MAJOR_OUTAGE, UNDER_MAINTENANCE)));
    }

    @Test
    void indicatorFollowsTheWorstComponentAndIgnoresMaintenance() {
        assertEquals(Indicator.NONE, StatusRollup.indicator(List.of(OPERATIONAL, UNDER_MAINTENANCE)));
        assertEquals(Indicator.MINOR, StatusRollup.indicator(List.of(OPERATIONAL, DEGRADED_PERFORMANCE)));
        assertEquals(Indicator.MAJOR, StatusRollup.indicator(List.of(PARTIAL_OUTAGE, DEGRADED_PERFORMANCE)));
        assertEquals(Indicator.CRITICAL, StatusRollup.indicator(List.of(PARTIAL_OUTAGE, MAJOR_OUTAGE)));
        assertEquals(Indicator.NONE, StatusRollup.indicator(List.of()));
    }
}
