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
 *
 * <p>The restart fence: a node whose persisted state is a writable primary was the primary before it stopped,
 * and while it was away the orchestrator may have promoted another node. Coming back writable would make two
 * writable primaries (GitHub 2018), so it starts read-only ({@link #fenced()}) until the orchestrator or an operator
 * says it is still the primary by switching read-only off, as MySQL runs with {@code read_only=ON} in its config
 * and lets orchestrator turn it off. The fence is not persisted: it is decided again at every start from the
 * persisted role, so a fenced node that crashes again comes back fenced again, and any change lifts it.
 */
public final class NodeRole {

    /** Why a fenced node refuses writes: shown in status, readiness data and every refused write. */
    public static final String FENCE_REASON = "restarted as primary: fenced until the orchestrator (or an operator) "
            + "confirms it is still the primary";
    static final String READ_ONLY_REASON = "read-only mode is on (POST /admin/db/read-only, or db.read-only on the "
            + "first start) and kept across restarts";

    private static final Logger LOG = Logger.getLogger(NodeRole.class);

    private final RoleStateFile file;
    private final KvStore store;
    private final Clock clock;
    /** What is persisted; the node is read-only beyond it while {@link #fenced} holds. */
    private RoleState state;
    private boolean fenced;

    private NodeRole(RoleStateFile file, KvStore store, Clock clock, RoleState state, boolean fenced) {
        this.file = file;
        this.store = store;
        this.clock = clock;
        this.state = state;
        this.fenced = fenced;
    }

    /**
     * The persisted state if there is one (a promotion must survive a restart), else {@code configured}, which
     * is then persisted. Either way the store's write gate follows it, except that a persisted writable primary
     * starts fenced when {@code fenceOnRestart} (a first start from configuration is a bootstrap: never fenced).
     */
    public static NodeRole open(RoleStateFile file, RoleState configured, KvStore store, Clock clock,
            boolean fenceOnRestart) throws IOException {
        Optional<RoleState> persisted = file.read();
        RoleState initial = persisted.orElse(configured);
        if (persisted.isEmpty()) {
            file.write(initial);
        } else if (!persisted.get().equals(configured)) {
            LOG.infof("role state from %s (%s) overrides the configured one (%s)", file.path(), initial, configured);
        }
        boolean fence = fenceOnRestart && persisted.isPresent() && initial.writable();
        store.setWritable(initial.writable() && !fence);
        if (fence) {
            LOG.warnf("%s: %s says %s, so this node was the primary before it stopped and another may have been "
                    + "promoted since; refusing writes until POST /admin/db/read-only {\"enabled\": false} "
                    + "(db.fence-on-restart=false turns the fence off)", FENCE_REASON, file.path(), initial);
        }
        return new NodeRole(file, store, clock, initial, fence);
    }

    /** The state in force: the persisted one, read-only while fenced. */
    public synchronized RoleState current() {
        return fenced ? state.withReadOnly(true) : state;
    }

    /** Whether the node is read-only only because it restarted as a primary (see the class comment). */
    public synchronized boolean fenced() {
        return fenced;
    }

    /** Why the node is in read-only mode, or empty when it is not (a replica's role is its own reason). */
    public synchronized Optional<String> readOnlyReason() {
        if (fenced) {
            return Optional.of(FENCE_REASON);
        }
        return state.readOnly() ? Optional.of(READ_ONLY_REASON) : Optional.empty();
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
        boolean wasWritable = current().writable();
        store.setWritable(false);
        try {
            checkWhileClosed.run();
        } catch (RuntimeException e) {
            store.setWritable(wasWritable);
            throw e;
        }
        return change("replicate-from", current -> current.replicaOf(sourceUrl));
    }

    /**
     * Lifts the restart fence and changes nothing else: what the orchestrator asks for, so that a node which is
     * no longer fenced when the request arrives (an operator switched read-only on in between) is left as it is.
     *
     * @throws NotFencedException when the node is not fenced; nothing changed
     */
    public synchronized RoleChange liftFence() throws IOException {
        if (!fenced) {
            throw new NotFencedException("this node is not fenced (" + current() + readOnlyReason()
                    .map(reason -> ": " + reason).orElse("") + "); nothing changed");
        }
        return change("lift the restart fence", current -> current);
    }

    public RoleChange setReadOnly(boolean enabled) throws IOException {
        return change(enabled ? "read-only on" : "read-only off", current -> current.withReadOnly(enabled));
    }

    private interface Transition {
        RoleState next(RoleState current);
    }

    /** Every change starts from the persisted state and lifts the fence: someone has decided what this node is. */
    private synchronized RoleChange change(String action, Transition transition) throws IOException {
        RoleState before = current();
        RoleState after = transition.next(state);
        RoleChange change = new RoleChange(action, before, after, clock.instant(), fenced);
        String was = before + (fenced ? " (fenced)" : "");
        if (!change.changed()) {
            LOG.infof("%s at %s: already %s, nothing changed", action, change.at(), after);
            return change;
        }
        // Closing the gate before persisting, and opening it only after, means the store is never more writable
        // than both the old and the new state allow, even when persisting fails half-way.
        if (!after.writable()) {
            store.setWritable(false);
        }
        if (!after.equals(state)) {
            try {
                file.write(after);
            } catch (IOException | RuntimeException e) {
                store.setWritable(before.writable());
                LOG.errorf(e, "%s at %s failed: could not persist %s; still %s", action, change.at(), after, was);
                throw e;
            }
        }
        state = after;
        fenced = false;
        store.setWritable(after.writable());
        LOG.infof("%s at %s: %s -> %s", action, change.at(), was, after);
        return change;
    }
}
