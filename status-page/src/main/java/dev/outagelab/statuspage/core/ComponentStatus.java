package dev.outagelab.statuspage.core;

import java.util.Locale;

/**
 * Atlassian Statuspage component statuses. The rules produce the first four; {@link #UNDER_MAINTENANCE}
 * is only ever set by a person, because a machine cannot know that an outage was planned.
 */
public enum ComponentStatus {
    OPERATIONAL(0),
    DEGRADED_PERFORMANCE(1),
    PARTIAL_OUTAGE(2),
    MAJOR_OUTAGE(3),
    UNDER_MAINTENANCE(-1);

    private final int severity;

    ComponentStatus(int severity) {
        this.severity = severity;
    }

    /** 0 for operational up to 3 for a major outage; -1 for maintenance, which never counts as bad. */
    public int severity() {
        return severity;
    }

    public boolean worseThan(ComponentStatus other) {
        return severity > other.severity;
    }

    /** The API spelling, e.g. {@code major_outage}. */
    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComponentStatus fromApiValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
