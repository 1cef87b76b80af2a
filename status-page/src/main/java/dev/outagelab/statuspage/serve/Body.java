package dev.outagelab.statuspage.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.buffer.Buffer;

/**
 * One rendered response, immutable and shared by every request that asks for it until the data changes. The
 * ETag is a digest of the bytes, so a body that did not change keeps its tag across data versions and a
 * client revalidating it gets a 304.
 */
public record Body(Buffer bytes, String etag, String contentType) {

    public static final String JSON = "application/json;charset=UTF-8";
    public static final String HTML = "text/html;charset=UTF-8";

    public static Body of(byte[] bytes, String contentType) {
        return new Body(Buffer.buffer(bytes), etag(bytes), contentType);
    }

    public static Body of(String text, String contentType) {
        return of(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** True when an {@code If-None-Match} header names this body (or is {@code *}). */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2); // If-None-Match compares weakly (RFC 9110 13.1.2)
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
