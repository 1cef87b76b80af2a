package dev.outagelab.orchestrator.recovery;

/** Whether this node may act (run recoveries, update DNS) right now. */
public interface Leadership {

    boolean isActingLeader();
}
