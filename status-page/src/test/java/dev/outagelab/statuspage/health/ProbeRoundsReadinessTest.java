package dev.outagelab.statuspage.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.Eventually;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProbeRoundsReadinessTest {

    // The management URL Quarkus injects ends in its root path (/q); keep scheme, host and port.
    private String ready() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort() + "/q/health/ready";
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readyOnceAProbeRoundHasFinishedEvenThoughTargetsAreDown() {
        // Targets being down is news to publish, not a reason for the status page to leave the load balancer.
        Eventually.within(Duration.ofSeconds(10), () -> given().when().get(ready())
                .then().statusCode(200)
                .body("checks.find { it.name == 'status-page probes' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'status-page probes' }.data.targets", equalTo(5))
                .body("checks.find { it.name == 'status-page probes' }.data.lastRoundAt", notNullValue()));
    }
}
