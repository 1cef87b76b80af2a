package dev.outagelab.dbnode.role;

import java.time.Instant;

/** One change of a node's role state (or a request that found it already so), as logged and answered. */
public record RoleChange(String action, RoleState before, RoleState after, Instant at) {

    public boolean changed() {
        return !before.equals(after);
    }
}
