package dev.outagelab.dbnode.role;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A replication source's address: the base URL of its app port, {@code http://host:port}. Checked where it enters
 * (configuration or {@code replicate-from}), so a typo stops start-up or is refused, naming where it came from.
 */
public final class SourceUrl {

    private SourceUrl() {
    }

    /**
     * The URL without a trailing slash.
     *
     * @param where what the text came from ({@code db.source}, the field {@code source}), for the message
     * @throws IllegalArgumentException naming {@code where} when the text is not an http(s) base URL
     */
    public static String parse(String text, String where) {
        String trimmed = text == null ? "" : text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String problem = problem(trimmed);
        if (problem != null) {
            throw new IllegalArgumentException(where + " must be the base URL of the source's app port, e.g. "
                    + "http://127.0.0.1:8087; '" + text + "' " + problem);
        }
        return trimmed;
    }

    private static String problem(String text) {
        if (text.isEmpty()) {
            return "is empty";
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a URL (" + e.getReason() + ")";
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return "does not start with http:// or https://";
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return "must be scheme, host and port only";
        }
        return null;
    }
}
