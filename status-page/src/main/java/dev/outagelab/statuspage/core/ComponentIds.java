package dev.outagelab.statuspage.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Statuspage-style 12-character ids derived from names, so they stay the same across restarts and
 * replicas without any stored state. The kind prefix keeps the instance {@code status-page} and the
 * group {@code status-page} apart.
 */
public final class ComponentIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private ComponentIds() {
    }

    public static String group(String component) {
        return of("group:" + component);
    }

    /** A component by its layout key ({@code db-writes}). */
    public static String component(String key) {
        return of("component:" + key);
    }

    public static String instance(String name) {
        return of("instance:" + name);
    }

    public static String page(String name) {
        return of("page:" + name);
    }

    static String of(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder(12);
            for (int i = 0; i < 12; i++) {
                id.append(ALPHABET[(digest[i] & 0xff) % ALPHABET.length]);
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
