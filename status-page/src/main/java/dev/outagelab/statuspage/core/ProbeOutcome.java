package dev.outagelab.statuspage.core;

import java.util.Locale;

/** How one probe ended. Only {@link #UP} counts as up; the rest say why the target is down. */
public enum ProbeOutcome {
    UP,
    HTTP_ERROR,
    TIMEOUT,
    REFUSED,
    ERROR;

    public boolean isUp() {
        return this == UP;
    }

    /** Metric tag value, e.g. {@code http_error}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
