package dev.outagelab.orchestrator.recovery;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where recoveries and the anti-flapping block are remembered. In production this is the Raft-replicated state:
 * a write completes only once a quorum holds it, so a node cut off from the others cannot even start a recovery.
 */
public interface RecoveryLedger {

    /** Stores (or replaces, by id) a record; {@code blockUntilMillis} > 0 also blocks automatic recoveries. */
    CompletableFuture<Void> save(RecoveryRecord record, long blockUntilMillis);

    /** Marks a recovery acknowledged and lifts the block, so the next automatic recovery may run. */
    CompletableFuture<Optional<RecoveryRecord>> acknowledge(String id, String by, String comment);

    /** Automatic recoveries are blocked until then (epoch ms), or 0 when not blocked. */
    long blockedUntilMillis();

    List<RecoveryRecord> recoveries();
}
