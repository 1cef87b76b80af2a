package dev.outagelab.dbnode.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleStateFileTest {

    @TempDir
    Path dataDir;

    @Test
    void aNodeWithoutAFileHasNoPersistedState() throws IOException {
        assertEquals(Optional.empty(), new RoleStateFile(dataDir).read());
    }

    @Test
    void aWrittenStateSurvivesReopening() throws IOException {
        RoleState replica = new RoleState(Role.REPLICA, "http://db-west-1:8080", true);
        new RoleStateFile(dataDir).write(replica);

        assertEquals(Optional.of(replica), new RoleStateFile(dataDir).read());
    }

    @Test
    void aRewriteReplacesTheWholeStateAndLeavesNoTemporaryFile() throws IOException {
        RoleStateFile file = new RoleStateFile(dataDir);
        file.write(new RoleState(Role.REPLICA, "db-east-1", false));

        file.write(new RoleState(Role.PRIMARY, null, true));

        assertEquals(Optional.of(new RoleState(Role.PRIMARY, null, true)), new RoleStateFile(dataDir).read());
        try (var files = Files.list(dataDir)) {
            assertEquals(List.of(file.path()), files.toList(), "only the file itself remains");
        }
        String text = Files.readString(file.path(), StandardCharsets.UTF_8);
        assertTrue(text.contains("role=primary") && text.contains("read-only=true"), text);
        assertFalse(text.contains("db-east-1"), "a primary keeps no source: " + text);
    }

    @Test
    void aDamagedFileStopsStartUpNamingTheFile() throws IOException {
        RoleStateFile file = new RoleStateFile(dataDir);
        Files.writeString(file.path(), "role=leader\nread-only=false\n", StandardCharsets.UTF_8);

        IllegalStateException damaged = assertThrows(IllegalStateException.class, file::read);

        assertTrue(damaged.getMessage().contains(file.path().toString()), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("leader"), damaged.getMessage());
    }

    @Test
    void aReplicaFileWithoutSourceIsDamaged() throws IOException {
        RoleStateFile file = new RoleStateFile(dataDir);
        Files.writeString(file.path(), "role=replica\nsource=\nread-only=false\n", StandardCharsets.UTF_8);

        IllegalStateException damaged = assertThrows(IllegalStateException.class, file::read);

        assertTrue(damaged.getMessage().contains("db.source"), damaged.getMessage());
    }
}
