package dev.outagelab.statuspage.core;

/** What the status page knows about one instance. */
public enum TargetStatus {
    /** No probe has finished yet (only during the first round after start-up). */
    UNKNOWN,
    UP,
    DOWN
}
