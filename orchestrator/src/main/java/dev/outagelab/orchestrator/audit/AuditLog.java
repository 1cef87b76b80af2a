package dev.outagelab.orchestrator.audit;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.json.JsonObject;

/**
 * This node's audit log: every detection, decision, skipped recovery, promotion, repoint and DNS update, newest
 * last. Bounded in memory; each entry is also logged, so the process log keeps the full history. Recovery records
 * themselves live in the Raft state, which every node shares.
 */
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final String node;
    private final int capacity;
    private final Clock clock;
    private final Deque<AuditEntry> entries = new ArrayDeque<>();
    private long seq;
    private volatile Consumer<AuditEntry> listener = e -> { };

    public AuditLog(String node, int capacity, Clock clock) {
        this.node = node;
        this.capacity = capacity;
        this.clock = clock;
    }

    public synchronized AuditEntry record(AuditKind kind, String message, JsonObject details) {
        AuditEntry entry = new AuditEntry(++seq, clock.instant(), node, kind, message,
                details == null ? new JsonObject() : details);
        entries.addLast(entry);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        LOG.infof("audit %s: %s %s", kind, message, entry.details().encode());
        listener.accept(entry);
        return entry;
    }

    /** Told of every new entry (metrics count them by kind). */
    public void onEntry(Consumer<AuditEntry> entryListener) {
        this.listener = entryListener;
    }

    /** Entries with a sequence number above {@code afterSeq}, oldest first. */
    public synchronized List<AuditEntry> since(long afterSeq) {
        return entries.stream().filter(e -> e.seq() > afterSeq).toList();
    }
}
