package dev.outagelab.statuspage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.Eventually;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecoveryTest {

    private static final String FLAPPING = "components.find { it.name == 'orchestrator-flapping' }";

    @ConfigProperty(name = "fake.orchestrator-flapping.url")
    String flappingUrl;

    @AfterEach
    void restoreHealthyFake() {
        given().post(flappingUrl + "/control/200").then().statusCode(204);
    }

    @Test
    void targetThatStartsFailingTurnsMajorOutageAndOperationalAgainWhenItRecovers() {
        given().post(flappingUrl + "/control/503").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(FLAPPING + ".status", equalTo("major_outage"))
                .body("components.find { it.name == 'orchestrator' }.status", equalTo("major_outage")));
        String downSince = given().when().get("/api/v2/summary.json").then().extract().path(FLAPPING + ".updated_at");

        given().post(flappingUrl + "/control/200").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(FLAPPING + ".status", equalTo("operational"))
                .body(FLAPPING + ".description", equalTo("region west"))
                .body("components.find { it.name == 'orchestrator' }.status", equalTo("operational")));
        String upSince = given().when().get("/api/v2/summary.json").then().extract().path(FLAPPING + ".updated_at");
        assertTrue(upSince.compareTo(downSince) > 0,
                "updated_at moves when the status changes: " + downSince + " -> " + upSince);
    }

    @Test
    void targetThatHangsTurnsMajorOutageWithATimeoutReason() {
        given().post(flappingUrl + "/control/hang").then().statusCode(204);
        Eventually.within(Duration.ofSeconds(5), () -> given().when().get("/api/v2/summary.json")
                .then().statusCode(200)
                .body(FLAPPING + ".status", equalTo("major_outage"))
                .body(FLAPPING + ".description", equalTo("region west — timeout after 150ms")));
    }
}
