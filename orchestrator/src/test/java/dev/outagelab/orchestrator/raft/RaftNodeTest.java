package dev.outagelab.orchestrator.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outagelab.orchestrator.recovery.RecoveryRecord;
import dev.outagelab.orchestrator.support.Eventually;
import dev.outagelab.orchestrator.support.FreePorts;

/** Three real Ratis servers on loopback ports, in this JVM: election, failover, isolation, replicated state. */
class RaftNodeTest {

    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(1);
    /** Generous: two cores shared by several builds. */
    private static final Duration ELECTION_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path storage;

    private final List<RaftNode> nodes = new ArrayList<>();

    @BeforeEach
    void startThreeNodes() throws IOException {
        String peers = "east=127.0.0.1:" + FreePorts.next() + ",west=127.0.0.1:" + FreePorts.next()
                + ",cloud=127.0.0.1:" + FreePorts.next();
        for (String id : List.of("east", "west", "cloud")) {
            RaftNode node = new RaftNode(RaftSettings.parse(id, peers, storage.resolve(id).toString(),
                    ELECTION_TIMEOUT));
            nodes.add(node);
            node.start();
        }
    }

    @AfterEach
    void stopAll() throws IOException {
        for (RaftNode node : nodes) {
            node.close();
        }
    }

    private RaftNode awaitSingleLeader() {
        return Eventually.value("exactly one acting leader", ELECTION_BOUND, () -> {
            List<RaftNode> leaders = nodes.stream().filter(RaftNode::isActingLeader).toList();
            return leaders.size() == 1 ? leaders.get(0) : null;
        });
    }

    @Test
    void threeNodesElectExactlyOneLeaderAndAllAgreeWhoItIs() {
        RaftNode leader = awaitSingleLeader();
        Eventually.await("every node names the leader", ELECTION_BOUND, () -> nodes.stream()
                .allMatch(n -> leader.self().equals(n.describe().getString("leader"))));
        assertEquals("LEADER", leader.describe().getString("role"));
    }

    @Test
    void killingTheLeaderElectsAnotherWithinTheBoundAndItKnowsPastRecoveries() throws Exception {
        RaftNode first = awaitSingleLeader();
        first.save(record("r1"), System.currentTimeMillis() + 60_000).get(10, TimeUnit.SECONDS);
        first.close();
        nodes.remove(first);
        long start = System.nanoTime();
        RaftNode second = awaitSingleLeader();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "new leader after " + took);
        assertEquals(List.of("r1"), second.recoveries().stream().map(RecoveryRecord::id).toList(),
                "the new leader holds the old leader's recovery record");
        assertTrue(second.blockedUntilMillis() > System.currentTimeMillis(), "and its block");
    }

    @Test
    void aLeaderCutOffFromBothOthersStopsActingAndCannotCommit() throws Exception {
        RaftNode leader = awaitSingleLeader();
        for (RaftNode other : new ArrayList<>(nodes)) {
            if (other != leader) {
                other.close();
                nodes.remove(other);
            }
        }
        Duration stopped = Eventually.await("the isolated leader stops acting", Duration.ofSeconds(5),
                () -> !leader.isActingLeader());
        // One election timeout plus the polling and scheduling slack of a loaded machine.
        assertTrue(stopped.compareTo(ELECTION_TIMEOUT.plusSeconds(1)) < 0, "stopped acting after " + stopped);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> leader.save(record("r2"), 0).get(20, TimeUnit.SECONDS));
        assertFalse(leader.recoveries().stream().anyMatch(r -> r.id().equals("r2")), "nothing was applied: "
                + refused.getCause());
    }

    @Test
    void acknowledgeIsReplicatedAndLiftsTheBlock() throws Exception {
        RaftNode leader = awaitSingleLeader();
        leader.save(record("r1"), System.currentTimeMillis() + 60_000).get(10, TimeUnit.SECONDS);
        assertTrue(leader.acknowledge("r1", "alice", "checked east").get(10, TimeUnit.SECONDS).isPresent());
        for (RaftNode node : nodes) {
            Eventually.await(node.self() + " sees the acknowledgement", ELECTION_BOUND, () -> node.recoveries()
                    .stream().anyMatch(r -> r.acknowledged() && "alice".equals(r.acknowledgedBy())));
            assertEquals(0, node.blockedUntilMillis());
        }
    }

    private static RecoveryRecord record(String id) {
        return new RecoveryRecord(id, "automatic", "DeadPrimary", "db-node-east-0", "db-node-east-1", "east",
                1L, 2L, 3L, 4L, 5L, "succeeded", "test", false, null, null);
    }
}
