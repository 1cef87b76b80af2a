package dev.outagelab.lab.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateFilesTest {

    @TempDir
    Path dir;

    @Test
    void instancesDocumentSurvivesARoundTrip() throws IOException {
        InstancesDocument doc = new InstancesDocument(100, dir.toString(), "2025-01-01T00:00:00Z", List.of(
                new InstanceRecord("dns-resolver-0", "dns-resolver", "east", 4242L, "2025-01-01T00:00:00Z", 2, 137,
                        Desired.RUNNING, Phase.RUNNING, true, 8183, 9103, 15453),
                new InstanceRecord("db-node-east-1", "db-node", "east", null, null, 0, null,
                        Desired.STOPPED, Phase.STOPPED, false, 8188, 9108, null)));
        Path file = dir.resolve("instances.json");
        StateFiles.write(file, doc);
        assertEquals(doc, StateFiles.read(file, InstancesDocument.class).orElseThrow());
        assertTrue(Files.readString(file).contains("\"phase\" : \"stopped\""), "enums are written in lower case");
    }

    @Test
    void supervisorInfoSurvivesARoundTrip() throws IOException {
        SupervisorInfo info = new SupervisorInfo(77, 40123, 5, "2025-01-01T00:00:00Z");
        StateFiles.write(dir.resolve("supervisor.json"), info);
        assertEquals(info, StateFiles.read(dir.resolve("supervisor.json"), SupervisorInfo.class).orElseThrow());
    }

    @Test
    void overwritingLeavesNoTempFilesBehind() throws IOException {
        Path file = dir.resolve("supervisor.json");
        StateFiles.write(file, new SupervisorInfo(1, 2, 3, "a"));
        StateFiles.write(file, new SupervisorInfo(4, 5, 6, "b"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(4, StateFiles.read(file, SupervisorInfo.class).orElseThrow().pid());
    }

    @Test
    void aMissingFileReadsAsEmpty() throws IOException {
        assertTrue(StateFiles.read(dir.resolve("nope.json"), SupervisorInfo.class).isEmpty());
    }
}
