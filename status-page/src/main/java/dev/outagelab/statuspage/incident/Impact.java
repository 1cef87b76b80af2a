package dev.outagelab.statuspage.incident;

import java.util.Locale;

import dev.outagelab.statuspage.core.ComponentStatus;

/** Statuspage incident impact. */
public enum Impact {
    NONE,
    MINOR,
    MAJOR,
    CRITICAL;

    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Impact fromApiValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Degraded is minor, a partial outage major, a major outage critical (Statuspage's own mapping). */
    public static Impact of(ComponentStatus status) {
        return switch (status) {
            case DEGRADED_PERFORMANCE -> MINOR;
            case PARTIAL_OUTAGE -> MAJOR;
            case MAJOR_OUTAGE -> CRITICAL;
            default -> NONE;
        };
    }
}
