package dev.outagelab.lab.cli;

/** Exit codes of every `lab` command (also listed in each command's --help). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    /** Bad arguments: picocli's own code for usage errors. */
    public static final int USAGE = 2;
    /** `lab status` when the lab is not up, like `systemctl status` of an inactive unit. */
    public static final int NOT_UP = 3;

    private ExitCodes() {
    }
}
