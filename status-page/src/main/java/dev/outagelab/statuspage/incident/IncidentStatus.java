package dev.outagelab.statuspage.incident;

import java.util.Locale;

/** Statuspage incident statuses; separate from component statuses, as in Statuspage. */
public enum IncidentStatus {
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED;

    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentStatus fromApiValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
