package dev.outagelab.dbnode.role;

import java.util.Optional;

/**
 * A node's role, the source it replicates from (a replica's only) and the node-wide read-only flag. Immutable:
 * every change makes a new state, which is persisted before it takes effect.
 *
 * @param source the base URL of the app port a replica replicates from; {@code null} on a primary
 */
public record RoleState(Role role, String source, boolean readOnly) {

    public RoleState {
        if (role == Role.REPLICA && (source == null || source.isBlank())) {
            throw new IllegalArgumentException("db.source is required when db.role=replica: name the instance "
                    + "(or URL) this replica replicates from");
        }
        if (role == Role.PRIMARY) {
            // A primary replicates from nobody; keeping a stale source would mislead whoever reads the status.
            source = null;
        }
    }

    /** The state the configuration asks for, refused (naming the key) when a replica has no source. */
    public static RoleState fromConfig(Role role, Optional<String> source, boolean readOnly) {
        String url = role == Role.REPLICA && source.isPresent() && !source.get().isBlank()
                ? SourceUrl.parse(source.get(), "db.source") : source.map(String::trim).orElse(null);
        return new RoleState(role, url, readOnly);
    }

    /** Whether this node may assign GTIDs of its own: only a primary not in read-only mode. */
    public boolean writable() {
        return role == Role.PRIMARY && !readOnly;
    }

    /** A writable primary: what {@code promote} makes of any state. */
    public RoleState promoted() {
        return new RoleState(Role.PRIMARY, null, false);
    }

    /** A replica of {@code sourceUrl}, keeping the read-only flag. */
    public RoleState replicaOf(String sourceUrl) {
        return new RoleState(Role.REPLICA, sourceUrl, readOnly);
    }

    public RoleState withReadOnly(boolean enabled) {
        return new RoleState(role, source, enabled);
    }

    public Optional<String> sourceName() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "role=" + role.text() + (source == null ? "" : " source=" + source) + " read-only=" + readOnly;
    }
}
