package dev.outagelab.orchestrator.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RaftSettingsTest {

    private static final Duration T = Duration.ofSeconds(1);

    @Test
    void parsesTheLabsPeers() {
        RaftSettings s = RaftSettings.parse("orchestrator-west",
                "orchestrator-east=127.0.0.1:7090, orchestrator-west=127.0.0.1:7091,orchestrator-cloud=127.0.0.1:7092",
                "data/raft", T);
        assertEquals(3, s.peers().size());
        assertEquals("127.0.0.1:7091", s.selfPeer().address());
    }

    @Test
    void badPeersFailWithTheKeyName() {
        assertMessage("orchestrator.raft.peers: 'east' is not id=host:port", "east", "east");
        assertMessage("orchestrator.raft.peers: 'east=h:0' has no valid port", "east", "east=h:0");
        assertMessage("orchestrator.raft.peers: id 'east' appears twice", "east", "east=h:1,east=h:2");
        assertMessage("orchestrator.raft.self: 'west' is not one of the ids", "west", "east=h:1");
        assertMessage("orchestrator.raft.peers: is empty", "east", " ");
    }

    private static void assertMessage(String start, String self, String peers) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RaftSettings.parse(self, peers, "d", T));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
