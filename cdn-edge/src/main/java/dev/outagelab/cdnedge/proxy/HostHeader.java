package dev.outagelab.cdnedge.proxy;

import java.util.Locale;
import java.util.Optional;

/**
 * The host a client asked for, from its {@code Host} header: lower-cased, port and trailing dot removed. Checked by
 * a hand-written scan rather than a regular expression: it runs on every request, hits included.
 */
final class HostHeader {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private HostHeader() {
    }

    /** Empty for a missing or malformed header (bad characters, bad port, IPv6 literals included). */
    static Optional<String> parse(String header) {
        if (header == null || header.isEmpty() || header.length() > 260) {
            return Optional.empty();
        }
        String host = header.strip();
        int colon = host.indexOf(':');
        if (colon >= 0) {
            int portLength = host.length() - colon - 1;
            if (portLength < 1 || portLength > 5 || !digits(host, colon + 1)) {
                return Optional.empty();
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!validName(host)) {
            return Optional.empty();
        }
        return Optional.of(lowerCase(host));
    }

    /** Labels of letters, digits, '_' and inner '-', 1-63 characters each, 253 in all. */
    static boolean validName(String host) {
        int length = host.length();
        if (length == 0 || length > MAX_NAME) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i == length ? '.' : host.charAt(i);
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > MAX_LABEL || host.charAt(i - 1) == '-'
                        || host.charAt(labelStart) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Most clients already send lower case: no copy then. */
    private static String lowerCase(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return host.toLowerCase(Locale.ROOT);
            }
        }
        return host;
    }
}
