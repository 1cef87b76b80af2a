package dev.outagelab.statuspage.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Body body = Body.of("<p>page</p>", Body.HTML);
        String tag = body.etag();
        assertTrue(body.matches(tag));
        assertTrue(body.matches("\"other\", " + tag));
        assertTrue(body.matches("W/" + tag));
        assertTrue(body.matches("*"));
        assertFalse(body.matches(null));
        assertFalse(body.matches("\"other\""));
        assertFalse(body.matches(tag.replace("\"", "")));
    }
}
