package dev.outagelab.dbnode.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.Gtid;
import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.dbnode.store.KvStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KvResourceTest {

    private static final String GTID_PATTERN = "[0-9a-f-]{36}:\\d+";

    @Inject
    KvStore store;

    /** Each test uses its own keys: the Quarkus app and its data directory are shared by every test. */
    private static String uniqueKey(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void putAnswersWithTheGtidAndGetReturnsTheValue() {
        String key = uniqueKey("greeting");

        String gtid = given().body("hello").put("/kv/" + key)
                .then().statusCode(200)
                .body("key", equalTo(key))
                .body("gtid", matchesPattern(GTID_PATTERN))
                .extract().path("gtid");

        assertEquals(store.serverUuid(), Gtid.parse(gtid).serverUuid());
        String executed = given().get("/kv/" + key)
                .then().statusCode(200)
                .body(equalTo("hello"))
                .extract().header(KvResource.EXECUTED_HEADER);
        assertTrue(GtidSet.parse(executed).contains(Gtid.parse(gtid)), executed + " lacks " + gtid);
    }

    @Test
    void deleteRemovesTheKeyWithItsOwnGtid() {
        String key = uniqueKey("doomed");
        String putGtid = given().body("x").put("/kv/" + key).then().statusCode(200).extract().path("gtid");

        String deleteGtid = given().delete("/kv/" + key).then().statusCode(200).extract().path("gtid");

        assertTrue(Gtid.parse(deleteGtid).seq() > Gtid.parse(putGtid).seq());
        given().get("/kv/" + key).then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void deletingAMissingKeyIs404AndWritesNothing() {
        GtidSet before = store.executed();

        given().delete("/kv/" + uniqueKey("never-written")).then().statusCode(404).body("error", equalTo("not_found"));

        assertEquals(before, store.executed());
    }

    @Test
    void keysMayContainSlashes() {
        String key = uniqueKey("a/b/c");

        given().body("nested").put("/kv/" + key).then().statusCode(200).body("key", equalTo(key));
        given().get("/kv/" + key).then().statusCode(200).body(equalTo("nested"));
    }

    @Test
    void oversizedValueIsRefusedWith413AndNothingIsWritten() {
        String key = uniqueKey("big");
        GtidSet before = store.executed();

        given().body(new byte[4 * 1024 + 1]).put("/kv/" + key)
                .then().statusCode(413)
                .body("error", equalTo("value_too_large"))
                .body("message", containsString("at most 4096"));

        assertEquals(before, store.executed());
        given().get("/kv/" + key).then().statusCode(404);
    }

    @Test
    void overlongKeyIsRefusedWith400() {
        String key = "k".repeat(513);

        given().body("v").put("/kv/" + key)
                .then().statusCode(400)
                .body("error", equalTo("invalid_key"))
                .body("message", containsString("at most 512"));
    }

    @Test
    void keyWithAControlCharacterIsRefusedWith400() {
        given().urlEncodingEnabled(false).body("v").put("/kv/bad%01key")
                .then().statusCode(400)
                .body("error", equalTo("invalid_key"))
                .body("message", containsString("control characters"));
    }

    @Test
    void refusedWritesLeaveExistingDataUnchanged() {
        String key = uniqueKey("kept");
        given().body("old").put("/kv/" + key).then().statusCode(200);
        GtidSet before = store.executed();

        given().body(new byte[4 * 1024 + 1]).put("/kv/" + key).then().statusCode(413)
                .body("error", equalTo("value_too_large"));
        assertUnchanged(key, before);

        // An overlong key that starts with the existing one must not be cut down to it.
        given().body("new").put("/kv/" + key + "k".repeat(513)).then().statusCode(400)
                .body("error", equalTo("invalid_key"));
        assertUnchanged(key, before);

        given().urlEncodingEnabled(false).body("new").put("/kv/" + key + "%0A").then().statusCode(400)
                .body("error", equalTo("invalid_key"));
        given().urlEncodingEnabled(false).delete("/kv/" + key + "%00").then().statusCode(400)
                .body("error", equalTo("invalid_key"));
        assertUnchanged(key, before);
    }

    @Test
    void readsOfInvalidKeysAreRefusedWith400() {
        given().get("/kv/" + "k".repeat(513)).then().statusCode(400).body("error", equalTo("invalid_key"));
        given().urlEncodingEnabled(false).get("/kv/bad%7Fkey").then().statusCode(400)
                .body("error", equalTo("invalid_key"));
    }

    private void assertUnchanged(String key, GtidSet executedBefore) {
        given().get("/kv/" + key).then().statusCode(200).body(equalTo("old"));
        assertEquals(executedBefore, store.executed(), "a refused request wrote nothing");
    }
}
