package dev.outagelab.dnsresolver.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The fleet manager's rules on a fake clock with four in-memory members (real {@link MemberState}s behind
 * {@link LocalPeer}s): the floor, the drain when the floor is missing, the hourly cap, failing members, and who
 * gets to manage.
 */
class FleetManagerTest {

    private final FakeClock clock = new FakeClock();
    private final FleetLog log = new FleetLog();
    private final Map<String, Boolean> healthy = new ConcurrentHashMap<>();
    private final Set<String> cutOff = ConcurrentHashMap.newKeySet();
    private final List<MemberState> states = new ArrayList<>();
    private final List<Peer> members = new ArrayList<>();

    FleetManagerTest() {
        for (int i = 0; i < 4; i++) {
            String name = "dns-resolver-" + i;
            MemberState state = new MemberState(name, log);
            states.add(state);
            healthy.put(name, true);
            LocalPeer local = new LocalPeer(state, () -> healthy.get(name), clock);
            members.add(new Peer() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public MemberStatus status() {
                    return cutOff.contains(name) ? MemberStatus.unreachable(name) : local.status();
                }

                @Override
                public boolean setInService(boolean inService, String reason, String by) {
                    return !cutOff.contains(name) && local.setInService(inService, reason, by);
                }
            });
        }
    }

    /** The service of member 0, validating, with {@code config} applied. */
    private FleetService fleet(String config) {
        return fleet(config, true);
    }

    private FleetService fleet(String config, boolean validate) {
        FleetService fleet = new FleetService(localOf(0), members, log, Optional.empty(), clock, validate);
        if (config != null) {
            fleet.apply(new JsonObject(config), "test");
        }
        return fleet;
    }

    private LocalPeer localOf(int i) {
        return new LocalPeer(states.get(i), () -> healthy.get(states.get(i).name()), clock);
    }

    private long inService() {
        return states.stream().filter(MemberState::inService).count();
    }

    /** Runs rounds every 10 s of fake time for {@code span}, returning the in-service count after each round. */
    private List<Long> run(FleetService fleet, Duration span) {
        List<Long> counts = new ArrayList<>();
        for (long t = 0; t < span.toSeconds(); t += 10) {
            clock.advance(Duration.ofSeconds(10));
            fleet.tick();
            counts.add(inService());
        }
        return counts;
    }

    @Test
    void withTheFloorTheRotationNeverGoesBelowIt() {
        FleetService fleet = fleet("""
                {"min-healthy-hosts":3,"rotation-period":"1m","maintenance-duration":"5m",
                 "peak-qps":250,"host-qps":100}""");
        List<Long> counts = run(fleet, Duration.ofHours(2));
        assertEquals(3L, counts.stream().mapToLong(Long::longValue).min().orElseThrow(), "counts " + counts);
        Set<String> rotated = new HashSet<>();
        log.recent().stream().filter(e -> e.kind().equals("removed")).forEach(e -> rotated.add(e.member()));
        assertEquals(4, rotated.size(), "every member takes its turn: " + rotated);
        assertTrue(log.recent().stream().anyMatch(e -> e.kind().equals("rotation-held")),
                "the floor held the rotation back while one member was out");
    }

    @Test
    void withTheFloorMissingAndValidationOffTheRotationDrainsTheFleet() {
        FleetService fleet = fleet("""
                {"min-healthy-hosts":3,"peak-qps":250,"host-qps":100}""", false);
        // As it happened: the next config omits the floor, and nothing checks it.
        fleet.apply(new JsonObject("""
                {"rotation-period":"1m","maintenance-duration":"1h"}"""), "the bad change");
        List<Long> counts = run(fleet, Duration.ofMinutes(10));
        // One host more out each minute until the default floor of 1 is all that is left.
        assertEquals(List.of(3L, 2L, 1L), counts.stream().distinct().toList(), "counts " + counts);
        assertEquals(3L, counts.get(5), "after one minute");
        assertEquals(2L, counts.get(11), "after two minutes");
        assertEquals(1L, counts.get(counts.size() - 1), "drained to the legacy default");
        assertEquals(FleetConfig.LEGACY_MIN_HEALTHY_HOSTS, counts.get(counts.size() - 1).intValue());
    }

    @Test
    void theHourlyCapStopsRemovalsUntilTheHourHasPassed() {
        FleetService fleet = fleet("""
                {"min-healthy-hosts":3,"rotation-period":"1m","maintenance-duration":"2m",
                 "max-removals-per-hour":2,"peak-qps":250,"host-qps":100}""");
        List<Instant> removals = new ArrayList<>();
        for (int round = 0; round < 6 * 150; round++) { // 150 minutes
            clock.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        log.recent().stream().filter(e -> e.kind().equals("removed")).forEach(e -> removals.add(e.at()));
        assertTrue(removals.size() >= 4, "the rotation went on in later hours: " + removals);
        for (Instant r : removals) {
            long inHour = removals.stream().filter(o -> !o.isBefore(r) && o.isBefore(r.plus(Duration.ofHours(1))))
                    .count();
            assertTrue(inHour <= 2, "at most 2 in the hour from " + r + ": " + removals);
        }
        assertTrue(log.recent().stream().anyMatch(e -> e.kind().equals("rotation-held")
                && e.detail().contains("max-removals-per-hour 2")), "the cap was reported");
    }

    @Test
    void aFailingMemberIsTakenOutAndReturnsWhenItAnswersAgain() {
        FleetService fleet = fleet(null);
        healthy.put("dns-resolver-2", false);
        clock.advance(Duration.ofSeconds(2));
        fleet.tick();
        assertFalse(states.get(2).inService());
        assertEquals(FleetManager.FAILING, states.get(2).status(false).reason());
        healthy.put("dns-resolver-2", true);
        clock.advance(Duration.ofSeconds(2));
        fleet.tick();
        assertTrue(states.get(2).inService());
    }

    @Test
    void onlyTheLowestNamedReachableMemberActsAndOnlyWithAMajority() {
        FleetService fleet = fleet("""
                {"min-healthy-hosts":1,"rotation-period":"1m","maintenance-duration":"5m",
                 "peak-qps":10,"host-qps":100}""");
        // Member 1 runs the same rounds but is not the manager while 0 answers.
        FleetService second = new FleetService(localOf(1), members, log, Optional.empty(), clock, true);
        second.apply(fleet.running().toJson(), "test");
        clock.advance(Duration.ofMinutes(1));
        second.tick();
        assertEquals(4, inService(), "member 1 is not the manager");
        cutOff.add("dns-resolver-0");
        second.tick();
        assertTrue(second.manager().manager(), "with 0 gone, 1 is the lowest reachable");
        assertEquals(3, inService());
        cutOff.addAll(List.of("dns-resolver-2", "dns-resolver-3"));
        clock.advance(Duration.ofMinutes(10));
        IntStream.range(0, 3).forEach(i -> second.tick());
        assertFalse(second.manager().manager(), "1 alone is a minority of 4 and must not act");
    }
}
