package dev.outagelab.statuspage.core;

import java.util.Locale;

/** The page-wide Statuspage indicator and its standard description. */
public enum Indicator {
    NONE("All Systems Operational"),
    MINOR("Minor Service Outage"),
    MAJOR("Partial System Outage"),
    CRITICAL("Major Service Outage");

    private final String description;

    Indicator(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
