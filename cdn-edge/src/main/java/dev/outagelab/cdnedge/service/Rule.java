package dev.outagelab.cdnedge.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rule applies to requests whose path matches its condition. Every matching rule applies, in order; for the
 * same setting a later rule wins.
 *
 * @param ttl              overrides the freshness the origin gave (no-store and private are still honoured)
 * @param pass             never cache what matches (e.g. personalised pages)
 * @param responseHeaders  set on every response to the client
 * @param requestHeaders   set on every request to the origin
 * @param surrogateKeys    added to what the origin's {@code Surrogate-Key} header names, for purges
 */
public record Rule(
        String name,
        Optional<String> pathPrefix,
        Optional<Pattern> pathRegex,
        Optional<Duration> ttl,
        boolean pass,
        Map<String, String> responseHeaders,
        Map<String, String> requestHeaders,
        List<String> surrogateKeys) {

    public boolean matches(String path) {
        return pathPrefix.map(path::startsWith).orElse(true)
                && pathRegex.map(p -> p.matcher(path).find()).orElse(true);
    }
}
