package dev.outagelab.kit.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The algebra checked against a naive model, a plain {@code Set<Gtid>}, on random sets. The seed is fixed so a
 * failure reproduces; small seq ranges make overlaps, touching intervals and splits common.
 */
class GtidSetPropertiesTest {

    private static final int ITERATIONS = 500;
    private static final List<UUID> SERVERS = List.of(
            UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562"),
            UUID.fromString("80000000-0000-0000-0000-000000000001"),
            UUID.fromString("0fffffff-ffff-ffff-ffff-ffffffffffff"));
    private static final int MAX_SEQ = 40;

    private final Random random = new Random(20180921L);

    private record Sample(GtidSet set, Set<Gtid> model) {
    }

    private Sample randomSample() {
        GtidSet set = GtidSet.EMPTY;
        Set<Gtid> model = new HashSet<>();
        int intervals = random.nextInt(6);
        for (int i = 0; i < intervals; i++) {
            UUID server = SERVERS.get(random.nextInt(SERVERS.size()));
            long start = 1 + random.nextInt(MAX_SEQ);
            long end = Math.min(MAX_SEQ, start + random.nextInt(8));
            set = set.union(GtidSet.range(server, start, end));
            for (long seq = start; seq <= end; seq++) {
                model.add(new Gtid(server, seq));
            }
        }
        return new Sample(set, model);
    }

    private static Set<Gtid> modelOf(GtidSet set) {
        Set<Gtid> model = new HashSet<>();
        for (UUID server : SERVERS) {
            for (long seq = 1; seq <= MAX_SEQ; seq++) {
                Gtid gtid = new Gtid(server, seq);
                if (set.contains(gtid)) {
                    model.add(gtid);
                }
            }
        }
        return model;
    }

    @Test
    void containsAndCountAgreeWithANaiveSet() {
        for (int i = 0; i < ITERATIONS; i++) {
            Sample sample = randomSample();

            assertEquals(sample.model(), modelOf(sample.set()), sample.set().toString());
            assertEquals(sample.model().size(), sample.set().count(), sample.set().toString());
            assertEquals(sample.model().isEmpty(), sample.set().isEmpty());
        }
    }

    @Test
    void textRoundTrips() {
        for (int i = 0; i < ITERATIONS; i++) {
            GtidSet set = randomSample().set();

            assertEquals(set, GtidSet.parse(set.toString()), set.toString());
            assertEquals(set.toString(), GtidSet.parse(set.toString()).toString());
        }
    }

    @Test
    void unionAndSubtractMatchTheModel() {
        for (int i = 0; i < ITERATIONS; i++) {
            Sample a = randomSample();
            Sample b = randomSample();

            Set<Gtid> union = new HashSet<>(a.model());
            union.addAll(b.model());
            Set<Gtid> difference = new HashSet<>(a.model());
            difference.removeAll(b.model());

            assertEquals(union, modelOf(a.set().union(b.set())), a.set() + " + " + b.set());
            assertEquals(difference, modelOf(a.set().subtract(b.set())), a.set() + " - " + b.set());
            assertEquals(b.model().containsAll(a.model()), b.set().containsAll(a.set()), b.set() + " >= " + a.set());
        }
    }

    @Test
    void algebraicLawsHold() {
        for (int i = 0; i < ITERATIONS; i++) {
            GtidSet a = randomSample().set();
            GtidSet b = randomSample().set();
            GtidSet c = randomSample().set();
            String context = "a=" + a + " b=" + b + " c=" + c;

            assertEquals(a.union(b), b.union(a), context);
            assertEquals(a.union(b).union(c), a.union(b.union(c)), context);
            assertEquals(a, a.union(a), context);
            assertTrue(a.union(b).containsAll(a), context);
            assertTrue(a.containsAll(a.union(b).subtract(b)), context);
            GtidSet aMinusB = a.subtract(b);
            // (a - b) and b share nothing: removing b from (a - b) changes nothing.
            assertEquals(aMinusB, aMinusB.subtract(b), context);
            assertTrue(aMinusB.union(b).containsAll(a), context);
            assertTrue(a.subtract(a).isEmpty(), context);
            assertEquals(a.count() + b.count(), a.union(b).count() + a.subtract(a.subtract(b)).count(), context);
        }
    }

    @Test
    void nextSeqIsOnePastTheModelsHighest() {
        for (int i = 0; i < ITERATIONS; i++) {
            Sample sample = randomSample();
            for (UUID server : SERVERS) {
                long highest = sample.model().stream()
                        .filter(gtid -> gtid.serverUuid().equals(server))
                        .mapToLong(Gtid::seq)
                        .max()
                        .orElse(0);

                assertEquals(highest + 1, sample.set().nextSeq(server));
            }
        }
    }
}
