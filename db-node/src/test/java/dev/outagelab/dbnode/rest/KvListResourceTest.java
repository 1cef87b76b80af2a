package dev.outagelab.dbnode.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KvListResourceTest {

    @Test
    void listingPagesThroughAPrefixInKeyOrder() {
        String prefix = "list-" + UUID.randomUUID() + "/";
        List<String> written = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            String key = prefix + "item-" + i;
            given().body("value-" + i).put("/kv/" + key).then().statusCode(200);
            written.add(0, key);
        }
        // A neighbour that shares the start of the prefix but not all of it must not be listed.
        given().body("other").put("/kv/" + prefix.substring(0, prefix.length() - 1) + "x").then().statusCode(200);

        List<String> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("prefix", prefix).queryParam("limit", 3);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/kv").then().statusCode(200).extract().jsonPath();
            List<String> keys = page.getList("items.key");
            listed.addAll(keys);
            pageSizes.add(keys.size());
            after = page.getString("next");
        } while (after != null);

        assertEquals(written, listed);
        assertEquals(List.of(3, 3, 1), pageSizes);
        given().queryParam("prefix", prefix).queryParam("limit", 1).get("/kv").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].key", equalTo(prefix + "item-0"))
                .body("items[0].value", equalTo("value-0"))
                .body("items[0].base64", equalTo(false))
                .body("next", equalTo(prefix + "item-0"));
    }

    @Test
    void theLastPageHasNoNextAndAnUnusedPrefixListsNothing() {
        String prefix = "last-" + UUID.randomUUID() + "/";
        given().body("a").put("/kv/" + prefix + "a").then().statusCode(200);

        given().queryParam("prefix", prefix).queryParam("limit", 1).get("/kv").then().statusCode(200)
                .body("items", hasSize(1))
                .body("next", nullValue());
        given().queryParam("prefix", prefix).queryParam("after", prefix + "a").get("/kv").then().statusCode(200)
                .body("items", hasSize(0))
                .body("next", nullValue());
        given().queryParam("prefix", "none-" + UUID.randomUUID()).get("/kv").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void valuesThatAreNotUtf8AreListedAsBase64() {
        String prefix = "binary-" + UUID.randomUUID() + "/";
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28};
        given().body(binary).put("/kv/" + prefix + "b").then().statusCode(200);
        given().body("héllo ✓".getBytes(StandardCharsets.UTF_8)).put("/kv/" + prefix + "t").then().statusCode(200);

        given().queryParam("prefix", prefix).get("/kv").then().statusCode(200)
                .body("items[0].value", equalTo(Base64.getEncoder().encodeToString(binary)))
                .body("items[0].base64", equalTo(true))
                .body("items[1].value", equalTo("héllo ✓"))
                .body("items[1].base64", equalTo(false));
    }

    @Test
    void aLimitOutsideOneToAThousandIs400() {
        for (String limit : new String[] {"0", "1001", "-5", "ten", "2.5"}) {
            given().queryParam("prefix", "x").queryParam("limit", limit).get("/kv").then().statusCode(400)
                    .body("error", equalTo("invalid_limit"))
                    .body("message", containsString("1 to 1000"));
        }
        given().queryParam("limit", 1000).get("/kv").then().statusCode(200);
    }

    @Test
    void everyKvAnswerCarriesRoleGtidAndLagHeaders() {
        String key = "headers-" + UUID.randomUUID();
        String gtidSet = "[0-9a-f-]{36}:.*";

        given().body("v").put("/kv/" + key).then().statusCode(200)
                .header("X-Db-Role", "primary").header("X-Replication-Lag", "0")
                .header("X-Gtid-Executed", matchesPattern(gtidSet));
        given().get("/kv/" + key).then().statusCode(200)
                .header("X-Db-Role", "primary").header("X-Replication-Lag", "0")
                .header("X-Gtid-Executed", matchesPattern(gtidSet));
        given().get("/kv/" + key + "-missing").then().statusCode(404)
                .header("X-Db-Role", "primary").header("X-Replication-Lag", "0")
                .header("X-Gtid-Executed", matchesPattern(gtidSet));
        given().get("/kv/" + "k".repeat(513)).then().statusCode(400)
                .header("X-Db-Role", "primary").header("X-Replication-Lag", "0");
        given().queryParam("prefix", key).get("/kv").then().statusCode(200)
                .header("X-Db-Role", "primary").header("X-Replication-Lag", "0")
                .header("X-Gtid-Executed", matchesPattern(gtidSet));
        given().delete("/kv/" + key).then().statusCode(200)
                .header("X-Db-Role", "primary").header("X-Gtid-Executed", matchesPattern(gtidSet));
    }
}
