package dev.outagelab.orchestrator.raft;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

import io.vertx.core.json.JsonObject;

/**
 * Ratis's view of {@link ReplicatedState}: each committed log entry is one JSON command. There are no snapshots:
 * the log is small (a few entries per recovery) and replaying it on restart rebuilds the state.
 */
class LedgerStateMachine extends BaseStateMachine {

    private final ReplicatedState state;

    LedgerStateMachine(ReplicatedState state) {
        this.state = state;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        String text = entry.getStateMachineLogEntry().getLogData().toString(StandardCharsets.UTF_8);
        JsonObject result;
        try {
            result = state.apply(new JsonObject(text));
        } catch (RuntimeException e) {
            // A malformed entry must not stop the state machine; every node skips it the same way.
            result = new JsonObject().put("error", e.toString());
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(result.encode()));
    }
}
