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
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC());
            assertThrows(WritesRefusedException.class, () -> store.put("k", "v".getBytes(UTF_8)));
            assertEquals(Optional.empty(), store.get("k"), "a refused write changes nothing");

            RoleChange change = role.promote();

            assertTrue(change.changed());
            assertEquals(PRIMARY, role.current());
            store.put("k", "v".getBytes(UTF_8));
            assertFalse(role.promote().changed(), "promoting a primary changes nothing");
        }
        try (KvStore store = open()) {
            // The configuration still says replica; the persisted promotion wins.
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), REPLICA, store, Clock.systemUTC());

            assertEquals(PRIMARY, role.current());
            assertTrue(store.writable());
            assertArrayEquals("v".getBytes(UTF_8), store.get("k").orElseThrow());
        }
    }

    @Test
    void readOnlyModeClosesTheStoreAndSurvivesARestart() throws IOException {
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC());
            store.put("k", "old".getBytes(UTF_8));

            role.setReadOnly(true);

            assertThrows(WritesRefusedException.class, () -> store.put("k", "new".getBytes(UTF_8)));
            assertThrows(WritesRefusedException.class, () -> store.delete("k"));
            assertArrayEquals("old".getBytes(UTF_8), store.get("k").orElseThrow());
        }
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC());

            assertEquals(new RoleState(Role.PRIMARY, null, true), role.current());
            assertFalse(store.writable());

            role.setReadOnly(false);

            assertTrue(store.writable());
            store.put("k", "new".getBytes(UTF_8));
        }
    }

    @Test
    void aRefusedReplicateFromReopensTheGateAndAnAcceptedOneClosesIt() throws IOException {
        try (KvStore store = open()) {
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC());
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
            NodeRole role = NodeRole.open(new RoleStateFile(dataDir), PRIMARY, store, Clock.systemUTC());
            assertEquals(Role.REPLICA, role.current().role(), "the new source survives a restart");
        }
    }

    private KvStore open() throws IOException {
        return KvStore.open(dataDir, Binlog.DEFAULT_MAX_SEGMENT_BYTES, Clock.systemUTC());
    }
}
