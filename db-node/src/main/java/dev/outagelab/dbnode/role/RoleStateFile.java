package dev.outagelab.dbnode.role;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps the role state in {@code <data>/role-state}, so a promotion or a read-only switch survives a restart;
 * configuration gives only the state of a node that has never had one. The file is small Java-properties text
 * ({@code role}, {@code source}, {@code read-only}) that an operator can read.
 */
public final class RoleStateFile {

    static final String FILE_NAME = "role-state";

    private final Path dataDir;

    public RoleStateFile(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path path() {
        return dataDir.resolve(FILE_NAME);
    }

    /** The persisted state, or empty if none was ever written; a damaged file stops start-up with its name. */
    public Optional<RoleState> read() throws IOException {
        Path file = path();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            String role = required(properties, "role");
            String readOnly = required(properties, "read-only");
            if (!readOnly.equals("true") && !readOnly.equals("false")) {
                throw new IllegalArgumentException("read-only must be true or false, was '" + readOnly + "'");
            }
            String source = properties.getProperty("source", "");
            return Optional.of(new RoleState(Role.parse(role), source.isEmpty() ? null : source,
                    Boolean.parseBoolean(readOnly)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the file: written aside, fsync'd, renamed over the old one, directory fsync'd. A crash leaves the
     * old state or the new one, never a mix, and once this returns the new state survives a power cut.
     */
    public void write(RoleState state) throws IOException {
        Files.createDirectories(dataDir);
        String text = "role=" + state.role().text() + "\n"
                + "source=" + state.sourceName().map(RoleStateFile::escape).orElse("") + "\n"
                + "read-only=" + state.readOnly() + "\n";
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static String required(Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value.trim();
    }

    /** Properties text treats backslashes and line breaks specially; a source URL should not hold either. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
