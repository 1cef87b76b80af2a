package dev.outagelab.orchestrator.analysis;

/**
 * The closed vocabulary of what the orchestrator can conclude about the cluster (github/orchestrator's
 * {@code analysis.go}). Only the codes marked recoverable ever start an automatic failover; {@link #FencedPrimary}
 * is the one code with another automatic action (lifting a restart fence), see {@link #action()}.
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
    SplitBrain(false),
    /**
     * The primary restarted and is fenced (read-only until confirmed), and nothing disputes that it is the
     * primary: no other node is, or was last seen as, a writable primary, every node has answered, its replicas
     * follow it. The leader lifts the fence ({@code read-only off}) so it takes writes again.
     */
    FencedPrimary(false),
    /**
     * A reachable node with the primary role is read-only (typically fenced after a restart) while another node is
     * the primary — the old primary back after a failover — or while something disputes that it is the primary.
     * It stays fenced; reconciling it (ledger, then replicate-from) is a human's call.
     */
    FencedFormerPrimary(false);

    private final boolean recoverable;

    AnalysisCode(boolean recoverable) {
        this.recoverable = recoverable;
    }

    /** True for the codes that make the leader fail over automatically. */
    public boolean recoverable() {
        return recoverable;
    }

    /** What the acting leader does about it on its own: {@code failover}, {@code lift-fence} or {@code none}. */
    public String action() {
        if (recoverable) {
            return "failover";
        }
        return this == FencedPrimary ? "lift-fence" : "none";
    }
}
