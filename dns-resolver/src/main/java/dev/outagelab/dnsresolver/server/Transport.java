package dev.outagelab.dnsresolver.server;

import java.util.Locale;

/** How a query reached us; it decides the answer's size limit and labels the metrics. */
public enum Transport {
    UDP,
    TCP;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
