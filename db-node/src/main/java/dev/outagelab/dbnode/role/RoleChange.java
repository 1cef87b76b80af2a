package dev.outagelab.dbnode.role;

import java.time.Instant;

/**
 * One change of a node's role state (or a request that found it already so), as logged and answered.
 *
 * @param before      the state in force before (read-only while the node was fenced)
 * @param liftedFence whether the node was fenced (see {@link NodeRole}); every change lifts the fence
 */
public record RoleChange(String action, RoleState before, RoleState after, Instant at, boolean liftedFence) {

    /** True when the state changed or a fence was lifted (read-only on a fenced node makes the fence deliberate). */
    public boolean changed() {
        return liftedFence || !before.equals(after);
    }
}
