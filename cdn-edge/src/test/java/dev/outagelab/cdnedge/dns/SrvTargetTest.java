package dev.outagelab.cdnedge.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** RFC 2782 order: priority first, then weighted random within a priority. */
class SrvTargetTest {

    private static final SrvTarget EAST_0 = new SrvTarget(10, 90, 8087, "db-node-east-0.lab.internal");
    private static final SrvTarget EAST_1 = new SrvTarget(10, 10, 8088, "db-node-east-1.lab.internal");
    private static final SrvTarget WEST = new SrvTarget(20, 100, 8089, "db-node-west-0.lab.internal");

    @Test
    void lowerPriorityAlwaysComesFirstAndEveryTargetIsListedOnce() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            List<SrvTarget> order = SrvTarget.order(List.of(WEST, EAST_1, EAST_0), random);
            assertEquals(3, order.size());
            assertEquals(WEST, order.get(2));
            assertTrue(order.containsAll(List.of(EAST_0, EAST_1)));
        }
    }

    @Test
    void weightsDecideHowOftenATargetComesFirst() {
        SplittableRandom random = new SplittableRandom(11);
        int east0First = 0;
        int rounds = 10_000;
        for (int i = 0; i < rounds; i++) {
            if (SrvTarget.order(List.of(EAST_1, EAST_0), random).get(0).equals(EAST_0)) {
                east0First++;
            }
        }
        double share = (double) east0First / rounds;
        assertTrue(share > 0.85 && share < 0.95, "weight 90 of 100 should come first about 90% of the time, was " + share);
    }

    @Test
    void zeroWeightTargetsAreStillTried() {
        SrvTarget spare = new SrvTarget(10, 0, 8090, "spare.lab.internal");
        List<SrvTarget> order = SrvTarget.order(List.of(spare, EAST_0), new SplittableRandom(3));
        assertEquals(2, order.size());
        assertTrue(order.contains(spare));
        List<SrvTarget> onlyZero = SrvTarget.order(List.of(spare, new SrvTarget(10, 0, 1, "x.lab")), new SplittableRandom(3));
        assertEquals(2, onlyZero.size());
    }
}
