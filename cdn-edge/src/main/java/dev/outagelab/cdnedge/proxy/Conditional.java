package dev.outagelab.cdnedge.proxy;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * A client's conditional GET against what the edge is about to send (RFC 9110 §13): {@code If-None-Match} against
 * the {@code ETag} (weak comparison, as GET allows), or, only without it, {@code If-Modified-Since} against
 * {@code Last-Modified}. When the condition says the client's copy is current, the answer is 304 without a body.
 */
final class Conditional {

    private Conditional() {
    }

    static boolean notModified(MultiMap request, MultiMap response) {
        String ifNoneMatch = request.get(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            String etag = response.get(HttpHeaders.ETAG);
            return etag != null && matches(ifNoneMatch, etag);
        }
        String ifModifiedSince = request.get(HttpHeaders.IF_MODIFIED_SINCE);
        String lastModified = ifModifiedSince == null ? null : response.get(HttpHeaders.LAST_MODIFIED);
        if (lastModified == null) {
            return false;
        }
        try {
            return !parse(lastModified).isAfter(parse(ifModifiedSince));
        } catch (DateTimeParseException e) {
            // RFC 9110: an invalid date makes the condition absent.
            return false;
        }
    }

    /** Weak comparison of an {@code If-None-Match} list (or {@code *}) with one entity tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        String tag = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || opaque(c).equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String etag) {
        String e = etag.strip();
        return e.startsWith("W/") ? e.substring(2) : e;
    }

    private static ZonedDateTime parse(String httpDate) {
        return ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
    }
}
