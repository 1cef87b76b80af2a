package dev.outagelab.kit.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GtidSetTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "fe11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final UUID UUID_A = UUID.fromString(A);
    private static final UUID UUID_B = UUID.fromString(B);

    @Test
    void printsMysqlFormWithUuidsSortedAsText() {
        GtidSet set = GtidSet.range(UUID_B, 1, 3).union(GtidSet.range(UUID_A, 7, 9)).union(GtidSet.range(UUID_A, 1, 5));

        assertEquals(A + ":1-5:7-9," + B + ":1-3", set.toString());
    }

    @Test
    void sortsUuidsByTextEvenWhereSignedLongOrderDisagrees() {
        // 8000... is negative as a signed long, so UUID.compareTo would put it first.
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        UUID low = UUID.fromString("10000000-0000-0000-0000-000000000000");

        String text = GtidSet.range(high, 1, 1).union(GtidSet.range(low, 1, 1)).toString();

        assertTrue(text.startsWith(low.toString()), text);
    }

    @Test
    void emptySetIsTheEmptyString() {
        assertEquals("", GtidSet.EMPTY.toString());
        assertEquals(GtidSet.EMPTY, GtidSet.parse(""));
        assertEquals(GtidSet.EMPTY, GtidSet.parse("  "));
        assertTrue(GtidSet.parse("").isEmpty());
    }

    @Test
    void parseMergesTouchingOverlappingAndRepeatedParts() {
        GtidSet set = GtidSet.parse(A + ":1-3:4-6:5,\n" + A + ":8," + A + ":7");

        assertEquals(A + ":1-8", set.toString());
        assertEquals(8, set.count());
    }

    @Test
    void singleGtidsPrintWithoutARange() {
        assertEquals(A + ":4:9", GtidSet.parse(A + ":4:9").toString());
    }

    @Test
    void containsChecksTheRightServer() {
        GtidSet set = GtidSet.parse(A + ":1-5:7-9");

        assertTrue(set.contains(new Gtid(UUID_A, 5)));
        assertTrue(set.contains(new Gtid(UUID_A, 7)));
        assertFalse(set.contains(new Gtid(UUID_A, 6)));
        assertFalse(set.contains(new Gtid(UUID_A, 10)));
        assertFalse(set.contains(new Gtid(UUID_B, 1)));
    }

    @Test
    void subtractSplitsIntervals() {
        GtidSet set = GtidSet.parse(A + ":1-10," + B + ":1-3");

        GtidSet left = set.subtract(GtidSet.parse(A + ":3-4:8," + B + ":1-3"));

        assertEquals(A + ":1-2:5-7:9-10", left.toString());
    }

    @Test
    void containsAllIsSubsetOrder() {
        GtidSet big = GtidSet.parse(A + ":1-10," + B + ":1-3");

        assertTrue(big.containsAll(GtidSet.parse(A + ":2-4:9," + B + ":3")));
        assertTrue(big.containsAll(GtidSet.EMPTY));
        assertFalse(big.containsAll(GtidSet.parse(A + ":11")));
        assertFalse(GtidSet.EMPTY.containsAll(big));
    }

    @Test
    void nextSeqIsOnePastTheHighestEvenWithGaps() {
        GtidSet set = GtidSet.parse(A + ":1-5:9");

        assertEquals(10, set.nextSeq(UUID_A));
        assertEquals(1, set.nextSeq(UUID_B));
    }

    @Test
    void addIsUnionWithOneGtid() {
        GtidSet set = GtidSet.parse(A + ":1-5").add(new Gtid(UUID_A, 6)).add(new Gtid(UUID_B, 2));

        assertEquals(A + ":1-6," + B + ":2", set.toString());
    }

    @Test
    void gtidRoundTripsThroughText() {
        Gtid gtid = new Gtid(UUID_A, 42);

        assertEquals(A + ":42", gtid.toString());
        assertEquals(gtid, Gtid.parse(gtid.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        A,
        A + ":",
        A + ":0",
        A + ":-3",
        A + ":5-3",
        A + ":1-2-3",
        A + ":x",
        A + ":1,",
        "not-a-uuid:1",
        "3e11fa47-71ca-11e1-9e33:1",
        A + ":9223372036854775807",
    })
    void rejectsBadTextNamingTheText(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GtidSet.parse(text));

        assertTrue(error.getMessage().contains("'" + text + "'"), error.getMessage());
    }

    @Test
    void rejectsBadGtidText() {
        assertThrows(IllegalArgumentException.class, () -> Gtid.parse(A));
        assertThrows(IllegalArgumentException.class, () -> Gtid.parse(A + ":0"));
        assertThrows(IllegalArgumentException.class, () -> new Gtid(UUID_A, 0));
    }

    @Test
    void withoutServerDropsOnlyThatServersTransactions() {
        GtidSet set = GtidSet.parse(A + ":1-5," + B + ":2-3");
        assertEquals(B + ":2-3", set.withoutServer(UUID_A).toString());
        assertEquals(A + ":1-5", set.withoutServer(UUID_B).toString());
        assertEquals(set, set.withoutServer(UUID.fromString("00000000-0000-4000-8000-000000000000")));
        assertEquals(A + ":1-5," + B + ":2-3", set.toString(), "the set itself is unchanged");
    }
}
