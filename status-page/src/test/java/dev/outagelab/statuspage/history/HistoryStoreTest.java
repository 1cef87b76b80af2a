package dev.outagelab.statuspage.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outagelab.statuspage.core.ComponentDef;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.RuleSettings;
import dev.outagelab.statuspage.core.StateRules;
import dev.outagelab.statuspage.incident.Impact;
import dev.outagelab.statuspage.incident.Incident;
import dev.outagelab.statuspage.incident.IncidentStatus;
import dev.outagelab.statuspage.incident.IncidentUpdate;

/** The repository layer on a real H2 file with the real Flyway migrations, opened twice. */
class HistoryStoreTest {

    private static final Instant T = Instant.parse("2018-10-21T22:52:00Z");

    @TempDir
    Path dataDir;

    /** What a process start does: migrate, then open the store. */
    private HistoryStore open() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dataDir.resolve("status").toAbsolutePath());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new HistoryStore(dataSource);
    }

    @Test
    void historySurvivesARestartUnchanged() {
        HistoryStore before = open();
        before.recordChange(new StateChange("dns", "DNS resolution", ComponentStatus.OPERATIONAL, null, null, T));
        before.recordChange(new StateChange("dns", "DNS resolution", ComponentStatus.MAJOR_OUTAGE,
                ComponentStatus.OPERATIONAL, "2 of 4 checks failed", T.plusSeconds(60)));
        before.addMinute(new MinuteBucket("dns", T, 60, 0, ComponentStatus.OPERATIONAL));
        before.addMinute(new MinuteBucket("dns", T.plusSeconds(60), 30, 12, ComponentStatus.MAJOR_OUTAGE));
        before.addMinute(new MinuteBucket("dns", T.plusSeconds(60), 30, 18, ComponentStatus.PARTIAL_OUTAGE));
        Incident incident = new Incident("inc000000001", "DNS resolution down", IncidentStatus.INVESTIGATING,
                Impact.CRITICAL, true, T.plusSeconds(60), T.plusSeconds(60), null, null, List.of("dns"), List.of());
        before.saveIncident(incident);
        before.addUpdate(new IncidentUpdate("upd000000001", incident.id(), IncidentStatus.INVESTIGATING,
                "DNS resolution is down.", T.plusSeconds(60)));
        before.addUpdate(new IncidentUpdate("upd000000002", incident.id(), IncidentStatus.IDENTIFIED,
                "A resolver was drained.", T.plusSeconds(90)));
        List<StateChange> changesBefore = before.changes(10);
        List<MinuteBucket> minutesBefore = before.minutes("dns", T);
        List<Incident> incidentsBefore = before.incidents();

        HistoryStore after = open();

        assertEquals(changesBefore, after.changes(10));
        assertEquals(minutesBefore, after.minutes("dns", T));
        assertEquals(incidentsBefore, after.incidents());
        assertEquals(ComponentStatus.MAJOR_OUTAGE, after.changes(10).get(0).status(), "newest first");
        assertEquals(new MinuteBucket("dns", T.plusSeconds(60), 60, 30, ComponentStatus.MAJOR_OUTAGE),
                after.minutes("dns", T).get(1), "a minute written twice is merged, worst kept");
        assertEquals(List.of("upd000000002", "upd000000001"),
                after.incidents().get(0).updates().stream().map(IncidentUpdate::id).toList(), "updates newest first");
        assertEquals(List.of(new MinuteBucket("dns", Instant.parse("2018-10-21T00:00:00Z"), 120, 30,
                ComponentStatus.MAJOR_OUTAGE)), after.days("dns", T.minus(Duration.ofDays(1))));
    }

    @Test
    void afterARestartAComponentShowsItsLastStoredStatusUntilProbesSayOtherwise() {
        HistoryStore before = open();
        before.recordChange(new StateChange("db-writes", "Database writes", ComponentStatus.MAJOR_OUTAGE,
                ComponentStatus.OPERATIONAL, "write via db-node-east-0: HTTP 503", T));

        Map<String, StateChange> last = open().lastChanges();
        StateChange change = last.get("db-writes");
        ComponentTracker tracker = new ComponentTracker(new ComponentDef("db-writes", "Database writes", "Database",
                "writes"), new StateRules(RuleSettings.defaults()),
                new ComponentState(change.status(), change.reason(), change.at(), change.at()));

        assertEquals(ComponentStatus.MAJOR_OUTAGE, tracker.state().status());
        assertEquals(T, tracker.state().since());
        assertNull(tracker.evaluate(T.plusSeconds(1)), "no samples yet: the last known status stands");
        assertEquals(ComponentStatus.MAJOR_OUTAGE, tracker.state().status());
    }
}
