package dev.outagelab.dbnode.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleStateTest {

    @Test
    void aReplicaWithoutSourceIsRefusedNamingTheKey() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RoleState.fromConfig(Role.REPLICA, Optional.empty(), false));
        assertTrue(missing.getMessage().contains("db.source"), missing.getMessage());

        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> RoleState.fromConfig(Role.REPLICA, Optional.of("  "), false));
        assertTrue(blank.getMessage().contains("db.source"), blank.getMessage());
    }

    @Test
    void aReplicaWithSourceIsReadOnlyByRole() {
        RoleState replica = RoleState.fromConfig(Role.REPLICA, Optional.of("db-east-1"), false);

        assertEquals("db-east-1", replica.source());
        assertFalse(replica.writable(), "a replica never takes writes of its own");
    }

    @Test
    void onlyAPrimaryOutOfReadOnlyModeIsWritable() {
        assertTrue(RoleState.fromConfig(Role.PRIMARY, Optional.empty(), false).writable());
        assertFalse(RoleState.fromConfig(Role.PRIMARY, Optional.empty(), true).writable());
    }

    @Test
    void aPrimaryKeepsNoSourceAndPromotionClearsSourceAndReadOnly() {
        assertNull(RoleState.fromConfig(Role.PRIMARY, Optional.of("ignored"), false).source());

        RoleState promoted = new RoleState(Role.REPLICA, "db-east-1", true).promoted();

        assertEquals(new RoleState(Role.PRIMARY, null, false), promoted);
        assertEquals(promoted, promoted.promoted(), "promotion is idempotent");
    }

    @Test
    void roleTextRoundTrips() {
        for (Role role : Role.values()) {
            assertEquals(role, Role.parse(role.text()));
        }
        assertThrows(IllegalArgumentException.class, () -> Role.parse("leader"));
    }
}
