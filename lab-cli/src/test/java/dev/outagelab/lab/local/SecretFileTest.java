package dev.outagelab.lab.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void anAdminTokenIsThirtyTwoRandomBytesInBase64UrlReadableOnlyByTheOwner() throws IOException {
        Path file = dir.resolve("admin-token");
        String token = SecretFile.loadOrCreate(file, Base64.getUrlEncoder().withoutPadding());
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void isCreatedOnceAndReused() throws IOException {
        String first = SecretFile.loadOrCreate(dir.resolve("a"), Base64.getEncoder());
        assertEquals(first, SecretFile.loadOrCreate(dir.resolve("a"), Base64.getEncoder()));
        assertNotEquals(first, SecretFile.loadOrCreate(dir.resolve("b"), Base64.getEncoder()));
    }

    @Test
    void theTsigSecretIsStandardBase64AndGoesOnlyToResolversAndOrchestrators() throws IOException {
        LabSecrets secrets = LabSecrets.loadOrCreate(new LabPaths(dir, dir));
        assertEquals(32, Base64.getDecoder().decode(secrets.tsigSecret()).length);
        assertEquals(secrets, LabSecrets.loadOrCreate(new LabPaths(dir, dir)));
        assertEquals(Map.of(LabSecrets.ADMIN_TOKEN_ENV, secrets.adminToken()), secrets.environmentFor("db-node"));
        assertEquals(secrets.tsigSecret(), secrets.environmentFor("dns-resolver").get(LabSecrets.TSIG_SECRET_ENV));
        assertEquals(secrets.tsigSecret(), secrets.environmentFor("orchestrator").get(LabSecrets.TSIG_SECRET_ENV));
    }
}
