package dev.outagelab.orchestrator.audit;

/** What an audit entry records. */
public enum AuditKind {
    /** The analysis changed (e.g. NoProblem → DeadPrimary). */
    DETECTION,
    /** A recovery was decided: which candidate and why. */
    DECISION,
    /** A recovery that did not run, and why (not leader, blocked, no candidate, cross-region, lag, switch off). */
    SKIPPED,
    PROMOTION,
    REPOINT,
    DNS_UPDATE,
    /** A recovery ended, with its timings or its failure. */
    RECOVERY,
    ACKNOWLEDGE,
    /** The restart fence of an undisputed primary was lifted ({@code read-only off}): it takes writes again. */
    FENCE_LIFTED,
    /** This node became or stopped being the acting leader. */
    LEADERSHIP
}
