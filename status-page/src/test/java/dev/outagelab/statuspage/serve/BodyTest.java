package dev.outagelab.statuspage.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

class BodyTest {

    @Test
    void theTagFollowsTheBytesSoAnUnchangedBodyKeepsItsTag() {
        Body a = Body.of("{\"status\":\"none\"}", Body.JSON);
        Body same = Body.of("{\"status\":\"none\"}", Body.JSON);
        Body other = Body.of("{\"status\":\"major\"}", Body.JSON);
        assertEquals(a.etag(), same.etag());
        assertNotEquals(a.etag(), other.etag());
        assertTrue(a.etag().matches("\"[0-9a-f]{24}\""), a.etag());
        assertEquals("{\"status\":\"none\"}", a.bytes().toString());
    }

    @Test
    void ifNoneMatchMatchesListsWeakTagsAndStarButNotOtherTags() {
        String tag = Body.of("<p>page</p>", Body.HTML).etag();
        assertTrue(Body.matches(tag, tag));
        assertTrue(Body.matches("\"other\", " + tag, tag));
        assertTrue(Body.matches("W/" + tag, tag));
        assertTrue(Body.matches("*", tag));
        assertFalse(Body.matches(null, tag));
        assertFalse(Body.matches("\"other\"", tag));
        assertFalse(Body.matches(tag.replace("\"", ""), tag));
    }

    @Test
    void theGzippedVariantHoldsTheSameBytesUnderItsOwnTag() throws Exception {
        String page = "<li>operational</li>".repeat(500);
        Body body = Body.of(page, Body.HTML);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.gzipped().getBytes()))) {
            assertEquals(page, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(body.gzipped().length() < body.bytes().length() / 5, body.gzipped().length() + " bytes");
        assertEquals(body.etag().replace("\"", "") + "-gzip", body.gzipEtag().replace("\"", ""));
        assertFalse(Body.matches(body.etag(), body.gzipEtag()));
    }

    @Test
    void gzipIsSentOnlyWhenAcceptedWithoutQZero() {
        assertTrue(ReadRoutes.acceptsGzip("gzip, deflate, br"));
        assertTrue(ReadRoutes.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertFalse(ReadRoutes.acceptsGzip(null));
        assertFalse(ReadRoutes.acceptsGzip("identity"));
        assertFalse(ReadRoutes.acceptsGzip("gzip;q=0"));
        assertFalse(ReadRoutes.acceptsGzip("deflate, gzip; q=0.0"));
        assertFalse(ReadRoutes.acceptsGzip("x-gzip-not"));
    }
}
