package dev.outagelab.dbnode.store;

/** A write reached a store that is closed to writes of its own (a replica, or read-only mode). */
public final class WritesRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WritesRefusedException() {
        super("this node does not accept writes");
    }
}
