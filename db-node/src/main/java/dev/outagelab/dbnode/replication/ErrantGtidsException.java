package dev.outagelab.dbnode.replication;

import dev.outagelab.kit.gtid.GtidSet;

/** This node holds transactions the new source lacks; replicating would leave them on this node only. */
public final class ErrantGtidsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient GtidSet errant;

    ErrantGtidsException(String source, GtidSet errant) {
        super("this node has " + errant.count() + " transaction(s) that " + source + " lacks: " + errant
                + "; replicating from it would keep them here only (see GET /admin/db/ledger?other=" + source
                + " to reconcile them), or pass \"force\": true to replicate anyway");
        this.errant = errant;
    }

    public GtidSet errant() {
        return errant;
    }
}
