package dev.outagelab.lab.cli;

/** A failure the user can act on: printed as one message, without a stack trace. */
public class LabException extends RuntimeException {

    private final int exitCode;

    public LabException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public LabException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** What stop, start and the like say when there is no supervisor to ask. */
    static LabException labNotRunning() {
        return new LabException("lab is not running; start it with ./lab up");
    }
}
