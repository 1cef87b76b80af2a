package dev.outagelab.cdnedge.proxy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The host a client asked for, from its {@code Host} header: lower-cased, port and trailing dot removed. */
final class HostHeader {

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private HostHeader() {
    }

    /** Empty for a missing or malformed header (bad characters, bad port, IPv6 literals included). */
    static Optional<String> parse(String header) {
        if (header == null || header.isEmpty() || header.length() > 260) {
            return Optional.empty();
        }
        String host = header.strip().toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            String port = host.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return HOST.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }
}
