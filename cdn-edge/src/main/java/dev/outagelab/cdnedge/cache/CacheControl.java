package dev.outagelab.cdnedge.cache;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The directives of a {@code Cache-Control} response header that a shared cache acts on (RFC 9111, RFC 5861). */
public record CacheControl(boolean noStore, boolean isPrivate, boolean noCache, Optional<Duration> maxAge,
                           Optional<Duration> sMaxAge, Optional<Duration> staleWhileRevalidate,
                           Optional<Duration> staleIfError) {

    /** All header lines are read; a malformed number makes that directive absent rather than fail the response. */
    public static CacheControl parse(List<String> headerValues) {
        boolean noStore = false;
        boolean isPrivate = false;
        boolean noCache = false;
        Optional<Duration> maxAge = Optional.empty();
        Optional<Duration> sMaxAge = Optional.empty();
        Optional<Duration> swr = Optional.empty();
        Optional<Duration> sie = Optional.empty();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String directive = part.strip().toLowerCase(Locale.ROOT);
                int eq = directive.indexOf('=');
                String name = eq < 0 ? directive : directive.substring(0, eq).strip();
                String arg = eq < 0 ? null : directive.substring(eq + 1).strip().replace("\"", "");
                switch (name) {
                    case "no-store" -> noStore = true;
                    // private="field" names fields only; the shared cache treats both forms as do-not-store.
                    case "private" -> isPrivate = true;
                    case "no-cache" -> noCache = true;
                    case "max-age" -> maxAge = seconds(arg).or(() -> Optional.of(Duration.ZERO));
                    case "s-maxage" -> sMaxAge = seconds(arg).or(() -> Optional.of(Duration.ZERO));
                    case "stale-while-revalidate" -> swr = seconds(arg);
                    case "stale-if-error" -> sie = seconds(arg);
                    default -> {
                        // Other directives (public, must-revalidate, immutable, ...) change nothing here.
                    }
                }
            }
        }
        return new CacheControl(noStore, isPrivate, noCache, maxAge, sMaxAge, swr, sie);
    }

    private static Optional<Duration> seconds(String arg) {
        if (arg == null || arg.isEmpty() || arg.length() > 10 || !arg.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(arg)));
    }
}
