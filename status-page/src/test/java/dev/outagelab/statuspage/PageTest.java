package dev.outagelab.statuspage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PageTest {

    @BeforeEach
    void componentsJudged() {
        Eventually.within(Duration.ofSeconds(10), () -> given().get("/").then().statusCode(200)
                .body(containsString("data-name=\"DNS resolution\" data-status=\"major_outage\"")));
    }

    @Test
    void rootIsRenderedOnTheServerWithEveryComponentAndTheBanner() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>news.lab status</title>"))
                .body(containsString("Major Service Outage"))
                .body(containsString("data-name=\"Database\""))
                .body(containsString("data-name=\"Database writes\""))
                .body(containsString("data-name=\"Orchestration\""))
                .body(containsString("data-name=\"Status page\" data-status=\"operational\""))
                .body(containsString("<svg class=\"bars minutes\" viewBox=\"0 0 60 1\""))
                .body(containsString("<svg class=\"bars days\" viewBox=\"0 0 90 1\""))
                .body(containsString("Open incidents"))
                .body(containsString("DNS resolution down"))
                .body(containsString("Timeline"))
                .body(containsString("Last probe round"))
                .body(containsString("/status.js"));
    }

    @Test
    void liveFragmentIsThePageWithoutItsShell() {
        given().when().get("/page/live")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"banner\""))
                .body(containsString("data-name=\"Orchestration\""))
                .body(not(containsString("<html")));
    }

    @Test
    void pageAssetsAreServedLocallyWithTheirContentTypes() {
        given().when().get("/status.css").then().statusCode(200).contentType(containsString("text/css"));
        given().when().get("/status.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("Status page cannot reach its own API"))
                .body(containsString("/api/stream"));
    }

    @Test
    void pageLoadsNothingFromOtherHosts() {
        given().when().get("/").then().statusCode(200)
                .body(not(containsString("https://")))
                .body(not(containsString("src=\"//")))
                .body(not(containsString("href=\"//")));
        given().when().get("/status.css").then().body(not(containsString("url(")))
                .body(not(containsString("@import")));
    }
}
