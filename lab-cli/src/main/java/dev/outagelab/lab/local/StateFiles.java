package dev.outagelab.lab.local;

import dev.outagelab.lab.http.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * JSON state files. Writes go to a temp file in the same directory and are then moved over the target,
 * so a reader (another `lab` command) never sees half a file.
 */
public final class StateFiles {

    private StateFiles() {
    }

    public static void write(Path file, Object value) throws IOException {
        writeBytes(file, Json.MAPPER.writeValueAsBytes(value));
    }

    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }
}
