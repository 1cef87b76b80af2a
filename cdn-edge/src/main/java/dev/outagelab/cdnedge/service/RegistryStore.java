package dev.outagelab.cdnedge.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The registry's history on disk, so versions and the activation log survive a restart: two append-only files of
 * JSON lines in the data directory, {@code versions.jsonl} (every stored config) and {@code activations.jsonl}
 * (every activation and rollback). Each line is fsync'd before the change it records takes effect. A torn last line
 * (a crash mid-write) is ignored at start-up; any other unreadable line stops the edge naming the file and line.
 */
final class RegistryStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistryStore.class);

    /** One stored version, as read back. */
    record StoredVersion(String service, int version, JsonObject config) {
    }

    private final Path versionsFile;
    private final Path activationsFile;
    private final FileChannel versions;
    private final FileChannel activations;

    RegistryStore(Path dir) {
        try {
            Files.createDirectories(dir);
            versionsFile = dir.resolve("versions.jsonl");
            activationsFile = dir.resolve("activations.jsonl");
            versions = FileChannel.open(versionsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            activations = FileChannel.open(activationsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("edge.data.dir " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    List<StoredVersion> versions() {
        List<StoredVersion> stored = new ArrayList<>();
        for (JsonObject line : read(versionsFile)) {
            stored.add(new StoredVersion(line.getString("service"), line.getInteger("version"),
                    line.getJsonObject("config")));
        }
        return stored;
    }

    List<Activation> activations() {
        List<Activation> stored = new ArrayList<>();
        for (JsonObject line : read(activationsFile)) {
            stored.add(new Activation(line.getString("service"), line.getInteger("version"),
                    line.getInteger("previousVersion"), Instant.parse(line.getString("at")), line.getString("source"),
                    line.getBoolean("staged", false), line.getString("reason")));
        }
        return stored;
    }

    void appendVersion(String service, int version, JsonObject config) {
        append(versions, versionsFile, new JsonObject().put("service", service).put("version", version)
                .put("config", config));
    }

    void appendActivation(Activation a) {
        append(activations, activationsFile, new JsonObject().put("service", a.service()).put("version", a.version())
                .put("previousVersion", a.previousVersion()).put("at", a.at().toString()).put("source", a.source())
                .put("staged", a.staged()).put("reason", a.reason()));
    }

    private static void append(FileChannel channel, Path file, JsonObject line) {
        ByteBuffer bytes = ByteBuffer.wrap((line.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<JsonObject> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<JsonObject> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                parsed.add(new JsonObject(lines.get(i)));
            } catch (DecodeException e) {
                if (i == lines.size() - 1) {
                    LOG.warnf("%s: ignoring a torn last line (a write cut short by a crash)", file);
                } else {
                    throw new IllegalStateException(file + " line " + (i + 1) + " is not valid JSON: "
                            + e.getMessage(), e);
                }
            }
        }
        return parsed;
    }

    @Override
    public void close() throws IOException {
        versions.close();
        activations.close();
    }
}
