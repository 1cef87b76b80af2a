package dev.outagelab.statuspage.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.incident.Impact;
import dev.outagelab.statuspage.incident.Incident;
import dev.outagelab.statuspage.incident.IncidentStatus;
import dev.outagelab.statuspage.incident.IncidentUpdate;

/**
 * The history on disk, in plain JDBC over any {@link DataSource} (Agroal in the service, a bare H2 one in
 * tests). The schema is Flyway's ({@code db/migration}). Types here, SQL here, nothing else.
 */
public final class HistoryStore {

    private final DataSource dataSource;

    public HistoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void recordChange(StateChange change) {
        update("INSERT INTO component_change (component_key, component_name, status, previous, reason, at_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?)", change.componentKey(), change.componentName(),
                change.status().apiValue(), change.previous() == null ? null : change.previous().apiValue(),
                change.reason(), change.at().toEpochMilli());
    }

    /** Newest first. */
    public List<StateChange> changes(int limit) {
        return query("SELECT component_key, component_name, status, previous, reason, at_ms FROM component_change "
                + "ORDER BY at_ms DESC, id DESC LIMIT ?", rs -> new StateChange(rs.getString(1), rs.getString(2),
                        ComponentStatus.fromApiValue(rs.getString(3)),
                        rs.getString(4) == null ? null : ComponentStatus.fromApiValue(rs.getString(4)), rs.getString(5),
                        Instant.ofEpochMilli(rs.getLong(6))), limit);
    }

    /** The last stored change of every component: what the page showed before a restart. */
    public Map<String, StateChange> lastChanges() {
        Map<String, StateChange> out = new LinkedHashMap<>();
        for (StateChange change : query("SELECT c.component_key, c.component_name, c.status, c.previous, c.reason, "
                + "c.at_ms FROM component_change c WHERE c.id = (SELECT MAX(id) FROM component_change d "
                + "WHERE d.component_key = c.component_key)", rs -> new StateChange(rs.getString(1), rs.getString(2),
                        ComponentStatus.fromApiValue(rs.getString(3)),
                        rs.getString(4) == null ? null : ComponentStatus.fromApiValue(rs.getString(4)), rs.getString(5),
                        Instant.ofEpochMilli(rs.getLong(6))))) {
            out.put(change.componentKey(), change);
        }
        return out;
    }

    /** Adds a minute's counts; a minute written twice (a flush, then more samples) is merged. */
    public void addMinute(MinuteBucket bucket) {
        try (Connection c = dataSource.getConnection()) {
            MinuteBucket merged = bucket;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT samples, failures, worst FROM probe_minute WHERE component_key = ? AND minute_ms = ?")) {
                select.setString(1, bucket.componentKey());
                select.setLong(2, bucket.start().toEpochMilli());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        ComponentStatus old = ComponentStatus.fromApiValue(rs.getString(3));
                        merged = new MinuteBucket(bucket.componentKey(), bucket.start(), rs.getInt(1) + bucket.samples(),
                                rs.getInt(2) + bucket.failures(), old.worseThan(bucket.worst()) ? old : bucket.worst());
                    }
                }
            }
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO probe_minute "
                    + "(component_key, minute_ms, samples, failures, worst) KEY (component_key, minute_ms) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                merge.setString(1, merged.componentKey());
                merge.setLong(2, merged.start().toEpochMilli());
                merge.setInt(3, merged.samples());
                merge.setInt(4, merged.failures());
                merge.setString(5, merged.worst().apiValue());
                merge.executeUpdate();
            }
        } catch (SQLException e) {
            throw new HistoryException(e);
        }
    }

    /** Per-minute buckets of one component since {@code from}, oldest first. */
    public List<MinuteBucket> minutes(String componentKey, Instant from) {
        return query("SELECT component_key, minute_ms, samples, failures, worst FROM probe_minute "
                + "WHERE component_key = ? AND minute_ms >= ? ORDER BY minute_ms", HistoryStore::bucket,
                componentKey, from.toEpochMilli());
    }

    /** Per-day sums (UTC days) of one component since {@code from}, oldest first; worst is the day's worst. */
    public List<MinuteBucket> days(String componentKey, Instant from) {
        Map<Long, MinuteBucket> byDay = new LinkedHashMap<>();
        for (MinuteBucket minute : minutes(componentKey, from)) {
            long day = Math.floorDiv(minute.start().toEpochMilli(), 86_400_000L) * 86_400_000L;
            byDay.merge(day, new MinuteBucket(componentKey, Instant.ofEpochMilli(day), minute.samples(),
                    minute.failures(), minute.worst()), (a, b) -> new MinuteBucket(componentKey, a.start(),
                            a.samples() + b.samples(), a.failures() + b.failures(),
                            b.worst().worseThan(a.worst()) ? b.worst() : a.worst()));
        }
        return new ArrayList<>(byDay.values());
    }

    /** Inserts or replaces an incident with its components; updates are appended with {@link #addUpdate}. */
    public void saveIncident(Incident incident) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO incident (id, name, status, impact, automatic, "
                    + "created_ms, updated_ms, monitoring_ms, resolved_ms) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(merge, incident.id(), incident.name(), incident.status().apiValue(), incident.impact().apiValue(),
                        incident.automatic(), incident.createdAt().toEpochMilli(), incident.updatedAt().toEpochMilli(),
                        millis(incident.monitoringAt()), millis(incident.resolvedAt()));
                merge.executeUpdate();
            }
            for (String key : incident.componentKeys()) {
                try (PreparedStatement link = c.prepareStatement("MERGE INTO incident_component (incident_id, "
                        + "component_key) KEY (incident_id, component_key) VALUES (?, ?)")) {
                    bind(link, incident.id(), key);
                    link.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new HistoryException(e);
        }
    }

    public void addUpdate(IncidentUpdate update) {
        update("INSERT INTO incident_update (id, incident_id, status, body, created_ms) VALUES (?, ?, ?, ?, ?)",
                update.id(), update.incidentId(), update.status().apiValue(), update.body(),
                update.createdAt().toEpochMilli());
    }

    /** Every incident, newest first, with its components and updates (newest first). */
    public List<Incident> incidents() {
        Map<String, List<String>> components = new LinkedHashMap<>();
        for (String[] row : query("SELECT incident_id, component_key FROM incident_component ORDER BY component_key",
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            components.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
        }
        Map<String, List<IncidentUpdate>> updates = new LinkedHashMap<>();
        for (IncidentUpdate update : query("SELECT id, incident_id, status, body, created_ms FROM incident_update "
                + "ORDER BY created_ms DESC, id DESC", rs -> new IncidentUpdate(rs.getString(1), rs.getString(2),
                        IncidentStatus.fromApiValue(rs.getString(3)), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))))) {
            updates.computeIfAbsent(update.incidentId(), k -> new ArrayList<>()).add(update);
        }
        return query("SELECT id, name, status, impact, automatic, created_ms, updated_ms, monitoring_ms, resolved_ms "
                + "FROM incident ORDER BY created_ms DESC", rs -> new Incident(rs.getString(1), rs.getString(2),
                        IncidentStatus.fromApiValue(rs.getString(3)), Impact.fromApiValue(rs.getString(4)),
                        rs.getBoolean(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                        instant(rs, 8), instant(rs, 9),
                        List.copyOf(components.getOrDefault(rs.getString(1), List.of())),
                        List.copyOf(updates.getOrDefault(rs.getString(1), List.of()))));
    }

    private static MinuteBucket bucket(ResultSet rs) throws SQLException {
        return new MinuteBucket(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3), rs.getInt(4),
                ComponentStatus.fromApiValue(rs.getString(5)));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HistoryException(e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** A history read or write failed; the page keeps serving from memory, the caller logs. */
    public static final class HistoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HistoryException(SQLException cause) {
            super("history store: " + cause.getMessage(), cause);
        }
    }
}
