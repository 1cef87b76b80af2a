package dev.outagelab.kit.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Checks {@code Authorization: Bearer <token>} headers. Both sides are hashed before the constant-time compare,
 * so neither the content nor the length of the real token leaks through timing.
 */
@Singleton
public class AdminToken {

    /** Shorter tokens are guessable; the lab and the chart generate 32 random characters or more. */
    static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    @Inject
    public AdminToken(AdminConfig config) {
        this(config.token());
    }

    AdminToken(String token) {
        if (token == null || token.isBlank() || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "lab.admin.token must be at least " + MIN_LENGTH + " characters (set LAB_ADMIN_TOKEN)");
        }
        this.expectedDigest = sha256(token.strip());
    }

    /** True only for a well-formed bearer header carrying exactly the configured token. */
    public boolean permits(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String presented = authorizationHeader.substring(BEARER.length()).strip();
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
