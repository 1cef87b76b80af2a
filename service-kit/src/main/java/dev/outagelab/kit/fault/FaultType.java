package dev.outagelab.kit.fault;

import java.util.Locale;

/** What a fault does to the requests it touches. */
public enum FaultType {
    /** Delay every request by a fixed time, then serve it. */
    LATENCY,
    /** Fail a fraction of requests with an HTTP status (503 unless told otherwise). */
    ERROR,
    /** Accept the request and never answer it while the fault lasts. */
    HANG,
    /** Exit the process at once, as a segfault or OOM kill would. */
    CRASH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
