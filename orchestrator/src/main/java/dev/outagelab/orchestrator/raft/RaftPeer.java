package dev.outagelab.orchestrator.raft;

/** One member of the orchestrator Raft group: its id and the host:port its Raft server listens on. */
public record RaftPeer(String id, String host, int port) {

    public String address() {
        return host + ":" + port;
    }
}
