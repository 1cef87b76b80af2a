package dev.outagelab.cdnedge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outagelab.cdnedge.release.Release;

/** Versions and the activation log written to a data directory and read back by a new registry (a restart). */
class RegistryStoreTest {

    @TempDir
    Path dir;

    private static ServiceConfig config(String name, String domain, int port) throws InvalidConfigException {
        return ConfigParser.parse("{\"name\": \"" + name + "\", \"domains\": [\"" + domain + "\"], \"origin\": "
                + "{\"host\": \"origin." + domain + "\", \"port\": " + port + "}}");
    }

    private ServiceRegistry registry() {
        return new ServiceRegistry(Release.of("2021.06.08"), false, Optional.of(dir));
    }

    @Test
    void versionsActivationsAndRollbacksSurviveARestart() throws Exception {
        ServiceRegistry before = registry();
        before.activate("news", before.addVersion(config("news", "news.lab", 8087)), "api", false);
        before.activate("news", before.addVersion(config("news", "news.lab", 8088)), "api", false);
        before.activate("news", before.addVersion(config("news", "news.lab", 8089)), "file", false);
        before.rollback("news", "rollback", "by an operator");
        before.activate("shop", before.addVersion(config("shop", "shop.lab", 9000)), "api", false);

        ServiceRegistry after = registry();
        assertEquals(before.versions("news"), after.versions("news"));
        assertEquals(Optional.of(2), after.activeVersion("news"));
        assertEquals(Optional.of(1), after.activeVersion("shop"));
        assertEquals(before.activations(), after.activations(), "the log, newest first, with times and reasons");
        assertEquals(8088, after.forHost("news.lab").orElseThrow().config().origin().port(), "served as before");
        assertEquals(9000, after.forHost("shop.lab").orElseThrow().config().origin().port());
        // The history came back too: one more rollback goes to version 1, as it would have before the restart.
        assertEquals(1, after.rollback("news", "rollback", "again").version());
        assertEquals(1, registry().activeVersion("news").orElseThrow(), "and that is on disk as well");
        assertTrue(Files.readString(dir.resolve("versions.jsonl")).lines().count() == 4);
    }

    @Test
    void aTornLastLineIsIgnoredAndACorruptEarlierLineStopsStartUp() throws Exception {
        ServiceRegistry before = registry();
        before.activate("news", before.addVersion(config("news", "news.lab", 8087)), "api", false);
        Path log = dir.resolve("activations.jsonl");
        Files.writeString(log, "{\"service\": \"ne", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(Optional.of(1), registry().activeVersion("news"), "a crash mid-write loses only that line");

        Files.writeString(log, "not json\n" + Files.readString(log).replace("{\"service\": \"ne", "")
                + "\n", StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, this::registry);
        assertTrue(e.getMessage().contains("activations.jsonl line 1"), e.getMessage());
    }
}
