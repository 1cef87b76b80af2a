package dev.outagelab.cdnedge.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** RFC 9110's conditional GET rules as the edge applies them to what it is about to send. */
class ConditionalTest {

    private static final String LAST_MODIFIED = "Mon, 23 Nov 2026 10:00:00 GMT";

    private static MultiMap headers(String... nameValue) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.add(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    private static final MultiMap STORED = headers("ETag", "\"v7\"", "Last-Modified", LAST_MODIFIED);

    @Test
    void ifNoneMatchUsesWeakComparisonListsAndStar() {
        assertTrue(Conditional.notModified(headers("If-None-Match", "\"v7\""), STORED));
        assertTrue(Conditional.notModified(headers("If-None-Match", "W/\"v7\""), STORED));
        assertTrue(Conditional.notModified(headers("If-None-Match", "\"a\", \"v7\""), STORED));
        assertTrue(Conditional.notModified(headers("If-None-Match", "*"), STORED));
        assertFalse(Conditional.notModified(headers("If-None-Match", "\"v8\""), STORED));
        assertFalse(Conditional.notModified(headers("If-None-Match", "\"v7\""), headers("Last-Modified", LAST_MODIFIED)));
    }

    @Test
    void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
        assertTrue(Conditional.notModified(headers("If-Modified-Since", LAST_MODIFIED), STORED));
        assertTrue(Conditional.notModified(headers("If-Modified-Since", "Mon, 23 Nov 2026 11:00:00 GMT"), STORED));
        assertFalse(Conditional.notModified(headers("If-Modified-Since", "Mon, 23 Nov 2026 09:59:59 GMT"), STORED));
        assertFalse(Conditional.notModified(headers("If-Modified-Since", "yesterday"), STORED), "invalid date: ignored");
        assertFalse(Conditional.notModified(headers("If-None-Match", "\"v8\"", "If-Modified-Since", LAST_MODIFIED),
                STORED), "If-None-Match decides when present");
        assertFalse(Conditional.notModified(headers(), STORED));
    }
}
