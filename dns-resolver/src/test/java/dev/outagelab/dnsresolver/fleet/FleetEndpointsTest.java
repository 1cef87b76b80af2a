package dev.outagelab.dnsresolver.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The fleet API of a running instance: out of service means not ready on /q/health/ready (the signal Kubernetes,
 * the lab runner and clients use), a refused config names its key and changes nothing, and everything is logged.
 */
@QuarkusTest
class FleetEndpointsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private RequestSpecification admin() {
        String token = ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
        return given().baseUri(base()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private String base() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }

    @AfterEach
    void backInService() {
        admin().body("{\"in-service\":true}").post("/admin/fleet/member").then().statusCode(200);
    }

    @Test
    void outOfServiceIsNotReadyAndBackInServiceIsReady() {
        given().baseUri(base()).get("/q/health/ready").then().statusCode(200);
        admin().body("{\"in-service\":false,\"reason\":\"manual\",\"by\":\"FleetEndpointsTest\"}")
                .post("/admin/fleet/member").then().statusCode(200).body("in-service", equalTo(false));
        given().baseUri(base()).get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'fleet' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'fleet' }.data.reason", equalTo("manual"))
                .body("checks.find { it.name == 'dns' }.status", equalTo("UP"));
        admin().body("{\"in-service\":true}").post("/admin/fleet/member").then().statusCode(200);
        given().baseUri(base()).get("/q/health/ready").then().statusCode(200);
        admin().get("/admin/fleet/events").then().statusCode(200)
                .body("events.findAll { it.member != null }.kind", hasItem("removed"))
                .body("events.findAll { it.member != null }.kind", hasItem("returned"));
        admin().get("/admin/fleet/member").then().statusCode(200).body("healthy", equalTo(true))
                .body("in-service", equalTo(true));
    }

    @Test
    void aConfigWithoutTheFloorIsRefusedNamingTheKeyAndTheRunningOneStays() {
        String before = admin().get("/admin/fleet/config").then().statusCode(200).extract().asString();
        admin().body("{\"rotation-period\":\"1m\",\"peak-qps\":100,\"host-qps\":100}").put("/admin/fleet/config")
                .then().statusCode(400).body("key", equalTo("min-healthy-hosts"))
                .body("message", containsString("is required"));
        admin().get("/admin/fleet/config").then().statusCode(200).body(equalTo(before));
        admin().get("/admin/fleet/events").then().body("events.kind", hasItem("config-rejected"));
        admin().body("not json").put("/admin/fleet/config").then().statusCode(400);
        admin().body("{\"in-service\":\"no\"}").post("/admin/fleet/member").then().statusCode(400)
                .body("message", containsString("in-service"));
    }

    @Test
    void theFleetApiNeedsTheToken() {
        given().baseUri(base()).get("/admin/fleet").then().statusCode(401);
        given().baseUri(base()).contentType(ContentType.JSON).body("{\"in-service\":false}")
                .post("/admin/fleet/member").then().statusCode(401);
        admin().get("/admin/fleet").then().statusCode(200).body("self", equalTo("dns-resolver"))
                .body("validate", equalTo(true));
    }

    @Test
    void validationIsSwitchedOffAndOnThroughTheAdminApiAndLogged() {
        String load = "\"peak-qps\":50,\"host-qps\":100";
        try {
            admin().body("{\"validate\":false,\"min-healthy-hosts\":1,\"max-removals-per-hour\":3," + load + "}")
                    .put("/admin/fleet/config").then().statusCode(200);
            admin().get("/admin/fleet").then().statusCode(200).body("validate", equalTo(false))
                    .body("config.validate", equalTo(false));
            admin().body("{\"validate\":false,\"rotation-period\":\"1h\",\"maintenance-duration\":\"1m\"}")
                    .put("/admin/fleet/config").then().statusCode(200)
                    .body("config.max-removals-per-hour", equalTo(0));
            admin().get("/admin/fleet/events").then()
                    .body("events.kind", hasItem("validation-switched"))
                    .body("events.kind", hasItem("removal-cap-changed"));
        } finally {
            // Without "validate" the instance's dns.fleet.validate (on) applies again; no rotation.
            admin().body("{\"min-healthy-hosts\":1," + load + "}").put("/admin/fleet/config").then().statusCode(200);
        }
        admin().get("/admin/fleet").then().body("validate", equalTo(true));
    }
}
