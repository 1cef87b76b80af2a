package dev.outagelab.dbnode.role;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.store.KvStore;
import dev.outagelab.dbnode.store.WritesRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRoleTest {

    private static final RoleState PRIMARY = new RoleState(Role.PRIMARY, null, false);
    private static final RoleState REPLICA = new RoleState(Role.REPLICA, "db-east-1", false);

    @TempDir
    Path dataDir;

    @Test
    void aReplicaRefusesWritesUntilPromotedAndThePromotionSurvivesARestart() throws IOException {
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC(), true);
            assertThrows(WritesRefusedException.class, () -> store.put("k", "v".getBytes(UTF_8)));
            assertEquals(Optional.empty(), store.get("k"), "a refused write changes nothing");

            RoleChange change = role.promote();

            assertTrue(change.changed());
            assertEquals(PRIMARY, role.current());
            store.put("k", "v".getBytes(UTF_8));
            assertFalse(role.promote().changed(), "promoting a primary changes nothing");
        }
        try (KvStore store = open()) {
            // The configuration still says replica; the persisted promotion wins (as a primary fenced by the
            // restart: writes wait until someone lifts the fence, see the fence tests below).
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC(), true);

            assertEquals(Role.PRIMARY, role.current().role());
            assertTrue(role.fenced());
            assertArrayEquals("v".getBytes(UTF_8), store.get("k").orElseThrow());
        }
    }

    @Test
    void readOnlyModeClosesTheStoreAndSurvivesARestart() throws IOException {
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            store.put("k", "old".getBytes(UTF_8));

            role.setReadOnly(true);

            assertThrows(WritesRefusedException.class, () -> store.put("k", "new".getBytes(UTF_8)));
            assertThrows(WritesRefusedException.class, () -> store.delete("k"));
            assertArrayEquals("old".getBytes(UTF_8), store.get("k").orElseThrow());
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);

            assertEquals(new RoleState(Role.PRIMARY, null, true), role.current());
            assertFalse(store.writable());
            assertFalse(role.fenced(), "a primary read-only before the restart is read-only by choice, not fenced");
            assertEquals(Optional.of(NodeRole.READ_ONLY_REASON), role.readOnlyReason());

            role.setReadOnly(false);

            assertTrue(store.writable());
            store.put("k", "new".getBytes(UTF_8));
        }
    }

    @Test
    void aRefusedReplicateFromReopensTheGateAndAnAcceptedOneClosesIt() throws IOException {
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            boolean[] gateClosedDuringCheck = {false};

            assertThrows(IllegalStateException.class, () -> role.replicateFrom("http://127.0.0.1:9", () -> {
                gateClosedDuringCheck[0] = !store.writable();
                throw new IllegalStateException("errant");
            }));

            assertTrue(gateClosedDuringCheck[0], "the check runs with the write gate closed");
            assertEquals(PRIMARY, role.current());
            assertTrue(store.writable(), "a refusal reopens the gate");

            RoleChange change = role.replicateFrom("http://127.0.0.1:9", () -> { });

            assertEquals("replicate-from", change.action());
            assertEquals(new RoleState(Role.REPLICA, "http://127.0.0.1:9", false), role.current());
            assertThrows(WritesRefusedException.class, () -> store.put("k", "v".getBytes(UTF_8)));
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            assertEquals(Role.REPLICA, role.current().role(), "the new source survives a restart");
        }
    }

    @Test
    void aFirstStartAsPrimaryIsWritableButARestartIsFencedWithTheReasonUntilReadOnlyOff() throws IOException {
        String executed;
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);

            assertFalse(role.fenced(), "a first start from configuration is a bootstrap");
            assertEquals(Optional.empty(), role.readOnlyReason());
            store.put("k", "v".getBytes(UTF_8));
            executed = store.executed().toString();
        }
        for (int restart = 1; restart <= 2; restart++) {
            try (KvStore store = open()) {
                NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);

                assertTrue(role.fenced(), "restart " + restart);
                assertEquals(new RoleState(Role.PRIMARY, null, true), role.current());
                assertEquals(Optional.of(NodeRole.FENCE_REASON), role.readOnlyReason());
                assertThrows(WritesRefusedException.class, () -> store.put("k", "new".getBytes(UTF_8)));
                assertThrows(WritesRefusedException.class, () -> store.delete("k"));
                assertArrayEquals("v".getBytes(UTF_8), store.get("k").orElseThrow(), "data unchanged");
                assertEquals(executed, store.executed().toString(), "no GTID assigned");
                if (restart == 1) {
                    RoleChange lifted = role.liftFence();

                    assertTrue(lifted.changed() && lifted.liftedFence());
                    assertEquals(PRIMARY, role.current());
                    assertThrows(NotFencedException.class, role::liftFence, "lifted once, not fenced any more");
                    store.put("k", "v".getBytes(UTF_8)); // the same value: the data stays as the loop expects
                    executed = store.executed().toString();
                }
                if (restart == 2) {
                    RoleChange lifted = role.setReadOnly(false);

                    assertTrue(lifted.changed(), "lifting the fence is a change, though the file already said so");
                    assertTrue(lifted.liftedFence());
                    assertFalse(role.fenced());
                    assertEquals(PRIMARY, role.current());
                    assertEquals(Optional.empty(), role.readOnlyReason());
                    store.put("k", "new".getBytes(UTF_8));
                    assertFalse(role.setReadOnly(false).changed(), "a second read-only off changes nothing");
                }
            }
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            assertTrue(role.fenced(), "the fence is decided at every start, not persisted away");
            assertArrayEquals("new".getBytes(UTF_8), store.get("k").orElseThrow());
        }
    }

    @Test
    void withTheFenceOffARestartedPrimaryTakesWritesAtOnce() throws IOException {
        try (KvStore store = open()) {
            NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), false);
            store.put("k", "v".getBytes(UTF_8));
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), false);

            assertFalse(role.fenced());
            assertEquals(PRIMARY, role.current());
            assertTrue(store.writable());
            store.put("k", "new".getBytes(UTF_8));
        }
    }

    @Test
    void aRestartedReplicaIsNeverFenced() throws IOException {
        try (KvStore store = open()) {
            NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC(), true);
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC(), true);
            assertFalse(role.fenced());
            assertEquals(REPLICA, role.current());
        }
    }

    @Test
    void readOnlyOnMakesTheFenceDeliberateAndPromoteOrARefusedRepointDoWhatTheySay() throws IOException {
        try (KvStore store = open()) {
            NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);

            assertThrows(IllegalStateException.class, () -> role.replicateFrom("http://127.0.0.1:9", () -> {
                throw new IllegalStateException("errant");
            }));
            assertTrue(role.fenced(), "a refused repoint leaves the fence");
            assertFalse(store.writable(), "and the gate closed");

            RoleChange deliberate = role.setReadOnly(true);

            assertTrue(deliberate.changed());
            assertFalse(role.fenced());
            assertEquals(Optional.of(NodeRole.READ_ONLY_REASON), role.readOnlyReason());
            assertFalse(store.writable());
            assertThrows(NotFencedException.class, role::liftFence, "a deliberate read-only is not lifted as a fence");
            assertFalse(store.writable());
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            assertFalse(role.fenced(), "read-only by choice is persisted, so not a fence");
            assertTrue(role.current().readOnly());

            assertTrue(role.promote().changed());
            assertTrue(store.writable());
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC(), true);
            assertTrue(role.fenced());
            assertTrue(role.promote().liftedFence(), "promote lifts the fence too");
            assertTrue(store.writable());
        }
    }

    private KvStore open() throws IOException {
        return KvStore.open(dataDir, Binlog.DEFAULT_MAX_SEGMENT_BYTES, Clock.systemUTC());
    }
}
