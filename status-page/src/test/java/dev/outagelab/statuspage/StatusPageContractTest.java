package dev.outagelab.statuspage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThan;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

// Runs against the same fake targets as the other tests: FakeTargetsResource has global scope.
@QuarkusTest
class StatusPageContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "status-page";
    }

    /**
     * Readiness is down until the first probe round ends (up to one probe timeout after start-up); if
     * this class runs first, the contract's "ready is UP" check must not race that round.
     */
    @BeforeEach
    void firstProbeRoundFinished() {
        Eventually.within(Duration.ofSeconds(10), () -> given().get("/api/lab/instances.json")
                .then().statusCode(200).body("rounds_completed", greaterThan(0)));
    }
}
