package dev.outagelab.dbnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SemiSyncGateTest {

    private static final UUID PRIMARY = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");
    private static final UUID REPLICA = UUID.fromString("4f22ab58-71ca-11e1-9e33-c80aa9429562");

    private final AtomicReference<GtidSet> executed = new AtomicReference<>(GtidSet.EMPTY);

    private SemiSyncGate gate(boolean enabled, Duration timeout) {
        return new SemiSyncGate(enabled, timeout, executed::get, Clock.systemUTC());
    }

    @Test
    void aWriteWaitsForAReplicasAcknowledgement() throws Exception {
        SemiSyncGate gate = gate(true, Duration.ofSeconds(30));
        Gtid gtid = new Gtid(PRIMARY, 1);
        executed.set(GtidSet.of(gtid));

        CompletableFuture<SemiSyncGate.Outcome> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.await(gtid);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        gate.acknowledge(REPLICA, GtidSet.EMPTY);
        assertFalse(waitsDone(waiting, 200), "an acknowledgement without the GTID releases nothing");

        gate.acknowledge(REPLICA, GtidSet.range(PRIMARY, 1, 1));

        assertEquals(SemiSyncGate.Outcome.ACKNOWLEDGED, waiting.get(10, TimeUnit.SECONDS));
        assertTrue(gate.active());
        assertEquals(0, gate.fallbacks());
    }

    @Test
    void aTimeoutFallsBackToAsyncUntilAReplicaCatchesUp() throws Exception {
        SemiSyncGate gate = gate(true, Duration.ofMillis(50));
        executed.set(GtidSet.range(PRIMARY, 1, 3));

        long started = System.nanoTime();
        assertEquals(SemiSyncGate.Outcome.TIMED_OUT, gate.await(new Gtid(PRIMARY, 1)));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(50).toNanos(), "it waited the timeout");
        assertFalse(gate.active());
        assertEquals(1, gate.fallbacks());
        assertEquals(SemiSyncGate.Outcome.ASYNC, gate.await(new Gtid(PRIMARY, 2)), "async: no more waiting");

        gate.acknowledge(REPLICA, GtidSet.range(PRIMARY, 1, 2));
        assertFalse(gate.active(), "a replica that lacks some of the primary's GTIDs has not caught up");

        gate.acknowledge(REPLICA, GtidSet.range(PRIMARY, 1, 3));
        assertTrue(gate.active(), "caught up: semi-sync on again");
        assertEquals(SemiSyncGate.Outcome.ACKNOWLEDGED, gate.await(new Gtid(PRIMARY, 3)));
        assertEquals(1, gate.fallbacks());
    }

    @Test
    void waitingWritesHoldNoThreadAndAreReleasedByAcknowledgementOrAllAtOnceByTheTimeout() throws Exception {
        SemiSyncGate gate = gate(true, Duration.ofMillis(300));
        executed.set(GtidSet.range(PRIMARY, 1, 3));
        CompletableFuture<SemiSyncGate.Outcome> first = gate.awaitAsync(new Gtid(PRIMARY, 1));
        CompletableFuture<SemiSyncGate.Outcome> second = gate.awaitAsync(new Gtid(PRIMARY, 2));
        CompletableFuture<SemiSyncGate.Outcome> third = gate.awaitAsync(new Gtid(PRIMARY, 3));
        assertFalse(first.isDone() || second.isDone() || third.isDone(), "nothing acknowledged yet");

        gate.acknowledge(REPLICA, GtidSet.range(PRIMARY, 1, 1));
        assertEquals(SemiSyncGate.Outcome.ACKNOWLEDGED, first.getNow(null), "released by the acknowledgement itself");
        assertFalse(second.isDone() || third.isDone(), "GTIDs the replica lacks keep waiting");

        // Nobody acknowledges 2 and 3: the timeout switches to async and releases every waiter at once.
        assertEquals(SemiSyncGate.Outcome.TIMED_OUT, second.get(10, TimeUnit.SECONDS));
        assertEquals(SemiSyncGate.Outcome.ASYNC, third.get(10, TimeUnit.SECONDS));
        assertFalse(gate.active());
        assertEquals(1, gate.fallbacks());
        assertEquals(SemiSyncGate.Outcome.ASYNC, gate.awaitAsync(new Gtid(PRIMARY, 4)).getNow(null));
    }

    @Test
    void disabledNeverWaits() throws Exception {
        SemiSyncGate gate = gate(false, Duration.ofSeconds(30));

        assertEquals(SemiSyncGate.Outcome.ASYNC, gate.await(new Gtid(PRIMARY, 1)));
        gate.acknowledge(REPLICA, GtidSet.range(PRIMARY, 1, 1));
        assertFalse(gate.active(), "acknowledgements do not switch on what is disabled");
    }

    private static boolean waitsDone(CompletableFuture<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
