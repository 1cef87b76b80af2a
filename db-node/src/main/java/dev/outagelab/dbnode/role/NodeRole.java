package dev.outagelab.dbnode.role;

import dev.outagelab.dbnode.store.KvStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The node's current role state and its only way to change: each change is persisted (see
 * {@link RoleStateFile}), applied to the store's write gate, and logged with its time. A node that is no longer
 * writable stops assigning GTIDs before the change is answered, so no write slips past a switch to read-only.
 */
public final class NodeRole {

    private static final Logger LOG = Logger.getLogger(NodeRole.class);

    private final RoleStateFile file;
    private final KvStore store;
    private final Clock clock;
    private RoleState state;

    private NodeRole(RoleStateFile file, KvStore store, Clock clock, RoleState state) {
        this.file = file;
        this.store = store;
        this.clock = clock;
        this.state = state;
    }

    /**
     * The persisted state if there is one (a promotion must survive a restart), else {@code configured}, which
     * is then persisted. Either way the store's write gate follows it.
     */
    public static NodeRole open(RoleStateFile file, RoleState configured, KvStore store, Clock clock)
            throws IOException {
        Optional<RoleState> persisted = file.read();
        RoleState initial = persisted.orElse(configured);
        if (persisted.isEmpty()) {
            file.write(initial);
        } else if (!persisted.get().equals(configured)) {
            LOG.infof("role state from %s (%s) overrides the configured one (%s)", file.path(), initial, configured);
        }
        store.setWritable(initial.writable());
        return new NodeRole(file, store, clock, initial);
    }

    public synchronized RoleState current() {
        return state;
    }

    /** Become a writable primary: no source, read-only off. Idempotent. */
    public RoleChange promote() throws IOException {
        return change("promote", RoleState::promoted);
    }

    /**
     * Become (or stay) a replica of {@code sourceUrl}. The write gate closes first; then {@code checkWhileClosed}
     * runs (the errant-GTID check: with no write of its own able to start, the node's GTID set is final), and a
     * refusal it throws reopens the gate as it was and changes nothing.
     */
    public synchronized RoleChange replicateFrom(String sourceUrl, Runnable checkWhileClosed) throws IOException {
        boolean wasWritable = state.writable();
        store.setWritable(false);
        try {
            checkWhileClosed.run();
        } catch (RuntimeException e) {
            store.setWritable(wasWritable);
            throw e;
        }
        return change("replicate-from", current -> current.replicaOf(sourceUrl));
    }

    public RoleChange setReadOnly(boolean enabled) throws IOException {
        return change(enabled ? "read-only on" : "read-only off", current -> current.withReadOnly(enabled));
    }

    private interface Transition {
        RoleState next(RoleState current);
    }

    private synchronized RoleChange change(String action, Transition transition) throws IOException {
        RoleState before = state;
        RoleState after = transition.next(before);
        RoleChange change = new RoleChange(action, before, after, clock.instant());
        if (!change.changed()) {
            LOG.infof("%s at %s: already %s, nothing changed", action, change.at(), after);
            return change;
        }
        // Closing the gate before persisting, and opening it only after, means the store is never more writable
        // than both the old and the new state allow, even when persisting fails half-way.
        if (!after.writable()) {
            store.setWritable(false);
        }
        try {
            file.write(after);
        } catch (IOException | RuntimeException e) {
            store.setWritable(before.writable());
            LOG.errorf(e, "%s at %s failed: could not persist %s; still %s", action, change.at(), after, before);
            throw e;
        }
        state = after;
        store.setWritable(after.writable());
        LOG.infof("%s at %s: %s -> %s", action, change.at(), before, after);
        return change;
    }
}
