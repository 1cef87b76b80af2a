package dev.outagelab.statuspage.core;

/** A component status with the one-line reason a reader needs to believe it. */
public record Verdict(ComponentStatus status, String reason) {

    public static Verdict operational() {
        return new Verdict(ComponentStatus.OPERATIONAL, null);
    }
}
