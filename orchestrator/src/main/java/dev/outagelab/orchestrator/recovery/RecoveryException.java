package dev.outagelab.orchestrator.recovery;

/**
 * A recovery action that was refused before it changed anything (not leader, nothing to recover, bad candidate).
 *
 * @see Recoverer
 */
public class RecoveryException extends RuntimeException {

    private final String code;

    public RecoveryException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Machine-readable reason, e.g. {@code not_leader} or {@code no_candidate}. */
    public String code() {
        return code;
    }
}
