package dev.outagelab.dbnode.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The node's server uuid, kept in {@code <data>/server-uuid}. It is created once and never changes, because
 * every GTID this node assigns carries it: a new uuid after a restart would make the node's own history look
 * like another server's.
 */
public final class ServerUuid {

    static final String FILE_NAME = "server-uuid";

    private ServerUuid() {
    }

    public static UUID loadOrCreate(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " does not hold a uuid: '" + text + "'", e);
            }
        }
        UUID uuid = UUID.randomUUID();
        // Write aside, fsync, rename, fsync the directory: a crash leaves either no file or the whole uuid.
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temporary, uuid + "\n", StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        return uuid;
    }
}
