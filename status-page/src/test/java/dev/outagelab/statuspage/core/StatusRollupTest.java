package dev.outagelab.statuspage.core;

import static dev.outagelab.statuspage.core.TargetStatus.DOWN;
import static dev.outagelab.statuspage.core.TargetStatus.UNKNOWN;
import static dev.outagelab.statuspage.core.TargetStatus.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusRollupTest {

    @Test
    void groupIsOperationalOnlyWhenEveryProbedChildIsUp() {
        assertEquals(ComponentStatus.OPERATIONAL, StatusRollup.groupStatus(List.of(UP, UP)));
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, StatusRollup.groupStatus(List.of(UP, DOWN, UP)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, StatusRollup.groupStatus(List.of(DOWN, DOWN)));
    }

    @Test
    void childrenNotYetProbedDoNotCountEitherWay() {
        assertEquals(ComponentStatus.OPERATIONAL, StatusRollup.groupStatus(List.of(UP, UNKNOWN)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, StatusRollup.groupStatus(List.of(DOWN, UNKNOWN)));
        assertEquals(ComponentStatus.UNDER_MAINTENANCE, StatusRollup.groupStatus(List.of(UNKNOWN, UNKNOWN)));
    }

    @Test
    void instanceStatusMapsUpDownAndUnknown() {
        assertEquals(ComponentStatus.OPERATIONAL, StatusRollup.instanceStatus(UP));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, StatusRollup.instanceStatus(DOWN));
        assertEquals(ComponentStatus.UNDER_MAINTENANCE, StatusRollup.instanceStatus(UNKNOWN));
    }

    @Test
    void indicatorFollowsTheWorstGroup() {
        assertEquals(Indicator.NONE, StatusRollup.indicator(List.of(ComponentStatus.OPERATIONAL)));
        assertEquals(Indicator.MINOR, StatusRollup.indicator(
                List.of(ComponentStatus.OPERATIONAL, ComponentStatus.DEGRADED_PERFORMANCE)));
        assertEquals(Indicator.MAJOR, StatusRollup.indicator(
                List.of(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE)));
        assertEquals(Indicator.CRITICAL, StatusRollup.indicator(
                List.of(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.MAJOR_OUTAGE, ComponentStatus.OPERATIONAL)));
    }

    @Test
    void groupsNotYetProbedLeaveTheIndicatorAlone() {
        assertEquals(Indicator.NONE, StatusRollup.indicator(List.of(ComponentStatus.UNDER_MAINTENANCE)));
        assertEquals(Indicator.MAJOR, StatusRollup.indicator(
                List.of(ComponentStatus.UNDER_MAINTENANCE, ComponentStatus.PARTIAL_OUTAGE)));
        assertEquals(Indicator.NONE, StatusRollup.indicator(List.of()));
    }
}
