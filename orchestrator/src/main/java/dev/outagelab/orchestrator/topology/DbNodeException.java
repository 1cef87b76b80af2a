package dev.outagelab.orchestrator.topology;

/**
 * A db-node admin call that did not succeed.
 *
 * @see DbNodeClient
 */
public class DbNodeException extends RuntimeException {

    private final int status;
    private final String code;

    public DbNodeException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The db-node's error code (e.g. {@code errant_gtids}), or {@code unreachable}. */
    public String code() {
        return code;
    }
}
