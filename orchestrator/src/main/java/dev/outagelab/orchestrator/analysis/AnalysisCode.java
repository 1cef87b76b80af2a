package dev.outagelab.orchestrator.analysis;

/**
 * The closed vocabulary of what the orchestrator can conclude about the cluster (github/orchestrator's
 * {@code analysis.go}). Only the codes marked recoverable ever start an automatic recovery.
 */
public enum AnalysisCode {
    /** The primary answers, replicas follow it, nothing to do. */
    NoProblem(false),
    /** This orchestrator cannot reach the primary, but replicas still hear from it (or none can tell): no recovery. */
    UnreachablePrimary(false),
    /** The primary is unreachable and every replica has lost it too: holistic evidence that it is dead. */
    DeadPrimary(true),
    /** The primary is dead and some of its replicas are unreachable as well; the reachable ones all lost it. */
    DeadPrimaryAndSomeReplicas(true),
    /** The primary is fine but every replica is behind by more than the lag threshold. */
    AllReplicasLagging(false),
    /** A replica holds transactions its primary lacks; it must never be promoted or silently repointed. */
    ErrantGtids(false),
    /** Two reachable writable primaries: each may take writes the other lacks. A human decides. */
    SplitBrain(false);

    private final boolean recoverable;

    AnalysisCode(boolean recoverable) {
        this.recoverable = recoverable;
    }

    /** True for the codes that make the leader fail over automatically. */
    public boolean recoverable() {
        return recoverable;
    }
}
