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
        RoleState replica = RoleState.fromConfig(Role.REPLICA, Optional.of(" http://127.0.0.1:8087/ "), false);

        assertEquals("http://127.0.0.1:8087", replica.source(), "trimmed, without the trailing slash");
        assertFalse(replica.writable(), "a replica never takes writes of its own");
    }

    @Test
    void aSourceThatIsNotABaseUrlIsRefusedNamingTheKey() {
        for (String bad : new String[] {"db-east-1", "ftp://x:1", "http://", "http://h:1/path", "http://h:1?q=1"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RoleState.fromConfig(Role.REPLICA, Optional.of(bad), false), bad);
            assertTrue(refused.getMessage().contains("db.source") && refused.getMessage().contains(bad),
                    refused.getMessage());
        }
    }

    @Test
    void replicaOfKeepsReadOnlyAndNamesTheSource() {
        RoleState replica = new RoleState(Role.PRIMARY, null, true).replicaOf("http://10.0.0.2:8080");

        assertEquals(new RoleState(Role.REPLICA, "http://10.0.0.2:8080", true), replica);
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
