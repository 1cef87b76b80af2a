package dev.outagelab.lab.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void isThirtyTwoRandomBytesInBase64UrlReadableOnlyByTheOwner() throws IOException {
        Path file = dir.resolve("admin-token");
        String token = AdminToken.loadOrCreate(file);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void isCreatedOnceAndReused() throws IOException {
        String first = AdminToken.loadOrCreate(dir.resolve("a"));
        assertEquals(first, AdminToken.loadOrCreate(dir.resolve("a")));
        assertNotEquals(first, AdminToken.loadOrCreate(dir.resolve("b")));
    }
}
