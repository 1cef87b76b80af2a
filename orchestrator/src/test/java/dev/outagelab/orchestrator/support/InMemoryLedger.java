package dev.outagelab.orchestrator.support;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.outagelab.orchestrator.raft.ReplicatedState;
import dev.outagelab.orchestrator.recovery.RecoveryLedger;
import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import io.vertx.core.json.JsonObject;

/** The replicated state without Raft, for recovery tests; {@code available=false} acts like a lost quorum. */
public final class InMemoryLedger implements RecoveryLedger {

    private final ReplicatedState state = new ReplicatedState();
    public volatile boolean available = true;

    @Override
    public CompletableFuture<Void> save(RecoveryRecord record, long blockUntilMillis) {
        return apply(ReplicatedState.saveCommand(record, blockUntilMillis)).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Optional<RecoveryRecord>> acknowledge(String id, String by, String comment) {
        return apply(ReplicatedState.acknowledgeCommand(id, by, comment)).thenApply(r -> {
            JsonObject acked = r.getJsonObject("acknowledged");
            return acked == null ? Optional.empty() : Optional.of(RecoveryRecord.fromJson(acked));
        });
    }

    private CompletableFuture<JsonObject> apply(JsonObject command) {
        if (!available) {
            return CompletableFuture.failedFuture(new IllegalStateException("no quorum"));
        }
        return CompletableFuture.completedFuture(state.apply(command));
    }

    @Override
    public long blockedUntilMillis() {
        return state.blockedUntil();
    }

    @Override
    public List<RecoveryRecord> recoveries() {
        return state.recoveries();
    }
}
