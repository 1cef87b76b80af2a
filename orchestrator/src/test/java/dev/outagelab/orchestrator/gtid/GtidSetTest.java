package dev.outagelab.orchestrator.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class GtidSetTest {

    private static final String A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private static final String B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    @Test
    void parsesMysqlTextMergesTouchingIntervalsAndPrintsItBack() {
        GtidSet set = GtidSet.parse(B + ":3-4, " + A + ":1-3:4-6:9," + A + ":8");
        assertEquals(A + ":1-6:8-9," + B + ":3-4", set.toString());
        assertEquals(10, set.count());
        assertTrue(GtidSet.parse("").isEmpty());
        assertTrue(GtidSet.parse(null).isEmpty());
    }

    @Test
    void rejectsMalformedTextQuotingIt() {
        for (String bad : new String[] {"nope", A, A + ":0", A + ":5-3", A + ":x", "zz:1-2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GtidSet.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void subtractFindsWhatAReplicaHoldsThatItsPrimaryLacks() {
        GtidSet primary = GtidSet.parse(A + ":1-10");
        GtidSet replica = GtidSet.parse(A + ":1-12," + B + ":1-2");
        assertEquals(A + ":11-12," + B + ":1-2", replica.subtract(primary).toString());
        assertTrue(replica.containsAll(primary));
        assertFalse(primary.containsAll(replica));
        assertEquals(A + ":1-4:8-10", primary.subtract(GtidSet.parse(A + ":5-7")).toString());
    }

    @Test
    void subtractAndContainsAgreeWithPlainSetsOnRandomInput() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Set<Long> left = randomSet(random);
            Set<Long> right = randomSet(random);
            GtidSet a = toGtids(left);
            GtidSet b = toGtids(right);
            Set<Long> difference = new HashSet<>(left);
            difference.removeAll(right);
            assertEquals(toGtids(difference), a.subtract(b), a + " - " + b);
            assertEquals(right.containsAll(left), b.containsAll(a));
            assertEquals(left.size(), a.count());
        }
    }

    private static Set<Long> randomSet(Random random) {
        Set<Long> set = new HashSet<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            set.add(1 + (long) random.nextInt(30));
        }
        return set;
    }

    private static GtidSet toGtids(Set<Long> seqs) {
        StringBuilder text = new StringBuilder();
        for (long seq : seqs) {
            text.append(text.length() == 0 ? "" : ",").append(A).append(':').append(seq);
        }
        return GtidSet.parse(text.toString());
    }
}
