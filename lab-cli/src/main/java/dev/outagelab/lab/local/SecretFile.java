package dev.outagelab.lab.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A secret of the lab (admin token, TSIG key): 32 random bytes, generated once per state dir, owner-only. */
public final class SecretFile {

    private static final int BYTES = 32;

    private SecretFile() {
    }

    public static String loadOrCreate(Path file, Base64.Encoder encoding) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String secret = encoding.encodeToString(random);
        try {
            // Created with 0600 from the start, so the secret is never readable by others, not even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        return secret;
    }

    public static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.isEmpty()) {
            throw new IOException("secret file is empty: " + file);
        }
        return secret;
    }
}
