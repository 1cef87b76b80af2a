package dev.outagelab.dbnode.role;

/**
 * A request to lift the restart fence of a node that is not fenced (never was, or someone already decided what it
 * is): refused, so an orchestrator acting on a poll a moment old cannot undo an operator's deliberate read-only.
 */
public final class NotFencedException extends IllegalStateException {

    public NotFencedException(String message) {
        super(message);
    }
}
