package dev.outagelab.orchestrator.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Raft group as configured: who this node is, who all members are, where the log lives, how fast elections
 * run. {@link #parse} checks everything and names the offending key, so bad config fails start-up clearly.
 */
public record RaftSettings(String self, List<RaftPeer> peers, Path storageDir, Duration electionTimeout) {

    public RaftSettings {
        peers = List.copyOf(peers);
    }

    public static RaftSettings parse(String self, String peers, String storageDir, Duration electionTimeout) {
        List<RaftPeer> list = new ArrayList<>();
        for (String item : peers.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq < 1 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("orchestrator.raft.peers: '" + entry
                        + "' is not id=host:port (e.g. orchestrator-east=127.0.0.1:19010)");
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("orchestrator.raft.peers: '" + entry + "' has no valid port");
            }
            String id = entry.substring(0, eq).strip();
            if (list.stream().anyMatch(p -> p.id().equals(id))) {
                throw new IllegalArgumentException("orchestrator.raft.peers: id '" + id + "' appears twice");
            }
            list.add(new RaftPeer(id, entry.substring(eq + 1, colon).strip(), port));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("orchestrator.raft.peers: is empty; list every node as id=host:port");
        }
        if (list.stream().noneMatch(p -> p.id().equals(self))) {
            throw new IllegalArgumentException("orchestrator.raft.self: '" + self + "' is not one of the ids in "
                    + "orchestrator.raft.peers (" + list.stream().map(RaftPeer::id).toList() + ")");
        }
        if (electionTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("orchestrator.raft.election-timeout: " + electionTimeout
                    + " is below 100ms");
        }
        return new RaftSettings(self, list, Path.of(storageDir), electionTimeout);
    }

    public RaftPeer selfPeer() {
        return peers.stream().filter(p -> p.id().equals(self)).findFirst().orElseThrow();
    }
}
