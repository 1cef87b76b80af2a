package dev.outagelab.dbnode.replication;

import java.io.IOException;

/** The would-be source could not be asked for its GTID set. */
public final class SourceUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    SourceUnreachableException(String source, IOException cause) {
        super("cannot ask " + source + " for its GTID set (" + cause.getMessage()
                + "); pass \"force\": true to replicate from it without the errant-GTID check", cause);
    }
}
