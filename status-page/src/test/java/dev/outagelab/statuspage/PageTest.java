package dev.outagelab.statuspage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PageTest {

    @Test
    void rootServesTheStatusPageHtml() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>news.lab status</title>"))
                .body(containsString("aria-live=\"polite\""))
                .body(containsString("/status.js"));
    }

    @Test
    void pageAssetsAreServedLocallyWithTheirContentTypes() {
        given().when().get("/status.css").then().statusCode(200).contentType(containsString("text/css"));
        given().when().get("/status.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("Status page cannot reach its own API"));
    }

    @Test
    void pageLoadsNothingFromOtherHosts() {
        given().when().get("/").then().statusCode(200)
                .body(not(containsString("https://")))
                .body(not(containsString("//cdn")));
    }
}
