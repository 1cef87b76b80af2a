package dev.outagelab.statuspage.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import io.vertx.core.buffer.Buffer;

/**
 * One rendered response, immutable and shared by every request that asks for it until the data changes, also
 * gzipped once for the readers that accept it (the page shrinks about five times). The ETag is a digest of the
 * bytes, so a body that did not change keeps its tag across data versions and a client revalidating it gets a
 * 304; the gzipped variant has its own tag, as HTTP wants for different bytes.
 */
public record Body(Buffer bytes, Buffer gzipped, String etag, String contentType) {

    public static final String JSON = "application/json;charset=UTF-8";
    public static final String HTML = "text/html;charset=UTF-8";

    public static Body of(byte[] bytes, String contentType) {
        return new Body(Buffer.buffer(bytes), Buffer.buffer(gzip(bytes)), etag(bytes), contentType);
    }

    /** The tag of the gzipped variant. */
    public String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    public static Body of(String text, String contentType) {
        return of(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** True when an {@code If-None-Match} header names {@code tag} (or is {@code *}). */
    public static boolean matches(String ifNoneMatch, String etag) {
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

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory cannot fail", e);
        }
        return out.toByteArray();
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
