package dev.outagelab.dbnode.replication;

/** What a node's replication is doing, as status and metrics show it. */
public enum ReplicationState {
    /** A primary: it replicates from nobody. */
    NOT_CONFIGURED("not-configured"),
    /** Opening the stream to the source (or about to, after a back-off). */
    CONNECTING("connecting"),
    /** Receiving events and heartbeats and applying them. */
    STREAMING("streaming"),
    /** The last attempt failed (see lastError); waiting to reconnect. */
    ERROR("error"),
    /** A replica whose replication an operator stopped. */
    STOPPED("stopped");

    private final String text;

    ReplicationState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
