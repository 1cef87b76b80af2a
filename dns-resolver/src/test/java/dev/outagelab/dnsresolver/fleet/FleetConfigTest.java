package dev.outagelab.dnsresolver.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** Syntax is always checked; meaning (the floor against the load) only with validation on; a refusal keeps the old. */
class FleetConfigTest {

    private static InvalidFleetConfigException refusal(String doc) {
        return assertThrows(InvalidFleetConfigException.class, () -> FleetConfig.parse(new JsonObject(doc)));
    }

    private static InvalidFleetConfigException invalid(String doc, int fleetSize) {
        return assertThrows(InvalidFleetConfigException.class,
                () -> FleetConfigValidator.check(FleetConfig.parse(new JsonObject(doc)), fleetSize));
    }

    @Test
    void syntaxErrorsNameTheKey() {
        assertEquals("min-healthy-host", refusal("{\"min-healthy-host\":3}").key(), "a typo is not an omission");
        assertEquals("min-healthy-hosts", refusal("{\"min-healthy-hosts\":\"three\"}").key());
        assertEquals("min-healthy-hosts", refusal("{\"min-healthy-hosts\":-1}").key());
        assertEquals("rotation-period", refusal("{\"rotation-period\":\"soon\"}").key());
        assertEquals("max-removals-per-hour", refusal("{\"max-removals-per-hour\":1.5}").key());
        assertEquals("validate", refusal("{\"validate\":\"no\"}").key());
    }

    @Test
    void aMissingFloorParsesAndFallsToTheLegacyDefault() {
        FleetConfig config = FleetConfig.parse(new JsonObject("{\"rotation-period\":\"1m\"}"));
        assertTrue(config.minHealthyHosts().isEmpty());
        assertEquals(1, config.effectiveMinHealthyHosts());
        assertTrue(config.summary().contains("min-healthy-hosts=omitted, so 1"), config.summary());
    }

    @Test
    void validationJudgesTheFloorByTheLoad() {
        String load = "\"peak-qps\":250,\"host-qps\":100";
        assertEquals("min-healthy-hosts", invalid("{" + load + "}", 4).key());
        InvalidFleetConfigException low = invalid("{\"min-healthy-hosts\":2," + load + "}", 4);
        assertEquals("min-healthy-hosts: 2 is below the 3 hosts the load needs (peak-qps 250 / host-qps 100)",
                low.getMessage());
        assertEquals("min-healthy-hosts", invalid("{\"min-healthy-hosts\":5," + load + "}", 4).key());
        assertEquals("peak-qps", invalid("{\"min-healthy-hosts\":3}", 4).key());
        assertEquals("host-qps", invalid("{\"min-healthy-hosts\":3,\"peak-qps\":250,\"host-qps\":0}", 4).key());
        assertEquals("maintenance-duration", invalid("{\"min-healthy-hosts\":3," + load
                + ",\"rotation-period\":\"1m\",\"maintenance-duration\":\"0s\"}", 4).key());
        FleetConfigValidator.check(FleetConfig.parse(new JsonObject("{\"min-healthy-hosts\":3," + load + "}")), 4);
    }

    @Test
    void aRefusedConfigLeavesTheRunningOneAndIsLogged() {
        FleetLog log = new FleetLog();
        MemberState state = new MemberState("dns-resolver-0", log);
        LocalPeer self = new LocalPeer(state, () -> true, new FakeClock());
        FleetService fleet = new FleetService(self, List.of(self), log, Optional.empty(), new FakeClock(), true);
        JsonObject good = new JsonObject("{\"min-healthy-hosts\":1,\"peak-qps\":50,\"host-qps\":100}");
        fleet.apply(good, "test");
        InvalidFleetConfigException e = assertThrows(InvalidFleetConfigException.class,
                () -> fleet.apply(new JsonObject("{\"rotation-period\":\"1m\",\"peak-qps\":50,\"host-qps\":100}"),
                        "test"));
        assertEquals("min-healthy-hosts", e.key());
        assertEquals(FleetConfig.parse(good), fleet.running());
        FleetLog.Event last = log.recent().get(log.recent().size() - 1);
        assertEquals("config-rejected", last.kind());
        assertTrue(last.detail().contains("still running min-healthy-hosts=1"), last.detail());
    }

    @Test
    void withValidationOffTheSameConfigIsAccepted() {
        FleetLog log = new FleetLog();
        LocalPeer self = new LocalPeer(new MemberState("dns-resolver-0", log), () -> true, new FakeClock());
        FleetService fleet = new FleetService(self, List.of(self), log, Optional.empty(), new FakeClock(), false);
        fleet.apply(new JsonObject("{\"rotation-period\":\"1m\"}"), "test");
        assertEquals(1, fleet.running().effectiveMinHealthyHosts());
        assertThrows(InvalidFleetConfigException.class, () -> fleet.apply(new JsonObject("{\"rotation\":1}"), "t"),
                "syntax is still checked");
    }

    private static FleetService fleet(boolean validateSetting, FleetLog log) {
        LocalPeer self = new LocalPeer(new MemberState("dns-resolver-0", log), () -> true, new FakeClock());
        return new FleetService(self, List.of(self), log, Optional.empty(), new FakeClock(), validateSetting);
    }

    private static List<String> kinds(FleetLog log) {
        return log.recent().stream().map(FleetLog.Event::kind).toList();
    }

    @Test
    void validationIsARunTimeSwitchThatCannotLetItsOwnConfigPass() {
        FleetLog log = new FleetLog();
        FleetService fleet = fleet(true, log);
        String load = "\"peak-qps\":50,\"host-qps\":100";
        // One change cannot both switch validation off and omit the floor: it is judged with validation on.
        InvalidFleetConfigException e = assertThrows(InvalidFleetConfigException.class,
                () -> fleet.apply(new JsonObject("{\"validate\":false,\"rotation-period\":\"1m\"," + load + "}"),
                        "test"));
        assertEquals("min-healthy-hosts", e.key());
        assertTrue(fleet.validating());

        fleet.apply(new JsonObject("{\"validate\":false,\"min-healthy-hosts\":1," + load + "}"), "test");
        assertFalse(fleet.validating());
        FleetLog.Event switched = log.recent().get(log.recent().size() - 1);
        assertEquals("validation-switched", switched.kind());
        assertTrue(switched.detail().contains("semantic validation off"), switched.detail());
        assertEquals(false, fleet.toJson().getBoolean("validate"));

        // Now the incident's config is accepted: the floor omitted falls to 1.
        fleet.apply(new JsonObject("{\"validate\":false,\"rotation-period\":\"1m\"}"), "test");
        assertEquals(1, fleet.running().effectiveMinHealthyHosts());

        // A config that no longer says "validate" goes back to dns.fleet.validate (on), and is judged without it.
        fleet.apply(new JsonObject("{\"min-healthy-hosts\":1," + load + "}"), "test");
        assertTrue(fleet.validating());
        assertTrue(log.recent().get(log.recent().size() - 1).detail().contains("dns.fleet.validate"));
        assertThrows(InvalidFleetConfigException.class,
                () -> fleet.apply(new JsonObject("{\"rotation-period\":\"1m\"," + load + "}"), "test"));
    }

    @Test
    void validationCanBeSwitchedOnAtRunTimeOnAnInstanceStartedWithoutIt() {
        FleetLog log = new FleetLog();
        FleetService fleet = fleet(false, log);
        fleet.apply(new JsonObject("{\"validate\":true,\"rotation-period\":\"1m\"}"), "test");
        assertTrue(fleet.validating(), "accepted (judged with validation off), and it switches validation on");
        assertEquals("validation-switched", kinds(log).get(kinds(log).size() - 1));
        assertThrows(InvalidFleetConfigException.class,
                () -> fleet.apply(new JsonObject("{\"validate\":true,\"rotation-period\":\"2m\"}"), "test"));
        assertEquals(Duration.ofMinutes(1), fleet.running().rotationPeriod(), "the running config stays");
    }

    @Test
    void changingTheRemovalCapIsLoggedAsItsOwnEvent() {
        FleetLog log = new FleetLog();
        FleetService fleet = fleet(false, log);
        fleet.apply(new JsonObject("{\"min-healthy-hosts\":2,\"max-removals-per-hour\":2}"), "admin");
        FleetLog.Event capped = log.recent().get(log.recent().size() - 1);
        assertEquals("removal-cap-changed", capped.kind());
        assertEquals("from admin: max-removals-per-hour 0 -> 2", capped.detail());
        fleet.apply(new JsonObject("{\"min-healthy-hosts\":3,\"max-removals-per-hour\":2}"), "admin");
        assertEquals("config-applied", kinds(log).get(kinds(log).size() - 1), "same cap: no cap event");
        assertEquals(2, fleet.running().maxRemovalsPerHour());
    }
}
