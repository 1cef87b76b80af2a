package dev.outagelab.orchestrator.raft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import io.vertx.core.json.JsonObject;

/**
 * What the orchestrator nodes agree on through Raft: the recoveries and the block on automatic recovery. Changed
 * only by {@link #apply} with a command from the log, in log order, so every node ends in the same state.
 *
 * <p>Commands (JSON): {@code {"type":"save","record":{...},"blockUntil":ms}} and
 * {@code {"type":"acknowledge","id":...,"by":...,"comment":...}}.
 */
public class ReplicatedState {

    private final Map<String, RecoveryRecord> recoveries = new LinkedHashMap<>();
    private long blockedUntil;

    public static JsonObject saveCommand(RecoveryRecord record, long blockUntilMillis) {
        return new JsonObject().put("type", "save").put("record", record.toJson()).put("blockUntil", blockUntilMillis);
    }

    public static JsonObject acknowledgeCommand(String id, String by, String comment) {
        return new JsonObject().put("type", "acknowledge").put("id", id).put("by", by).put("comment", comment);
    }

    /** Applies one command and answers what it did; unknown commands change nothing. */
    public synchronized JsonObject apply(JsonObject command) {
        switch (command.getString("type", "")) {
            case "save" -> {
                RecoveryRecord record = RecoveryRecord.fromJson(command.getJsonObject("record"));
                recoveries.put(record.id(), record);
                blockedUntil = Math.max(blockedUntil, command.getLong("blockUntil", 0L));
                return new JsonObject().put("saved", record.id());
            }
            case "acknowledge" -> {
                RecoveryRecord record = recoveries.get(command.getString("id"));
                if (record == null) {
                    return new JsonObject().put("acknowledged", (String) null);
                }
                RecoveryRecord acked = record.acknowledge(command.getString("by"), command.getString("comment"));
                recoveries.put(acked.id(), acked);
                blockedUntil = 0;
                return new JsonObject().put("acknowledged", acked.toJson());
            }
            default -> {
                return new JsonObject().put("error", "unknown command " + command.getString("type"));
            }
        }
    }

    public synchronized List<RecoveryRecord> recoveries() {
        return new ArrayList<>(recoveries.values());
    }

    public synchronized long blockedUntil() {
        return blockedUntil;
    }
}
