package dev.outagelab.cdnedge.support;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the edge's Quarkus tests share: one start of the edge (one test resource, one profile), requests to the
 * proxy with a Host header, the admin API with the token, services created and activated through it, and polling
 * with a deadline.
 */
@QuarkusTestResource(EdgeTestEnvironment.class)
public abstract class EdgeTestBase {

    private static final AtomicInteger SERVICES = new AtomicInteger();

    @TestHTTPResource("/")
    protected URL application;

    @TestHTTPResource(value = "/", management = true)
    protected URL management;

    /** A request to the proxy for a host. */
    protected RequestSpecification edge(String host) {
        return given().baseUri(base(application)).header("Host", host).redirects().follow(false);
    }

    protected RequestSpecification admin() {
        String token = ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
        return given().baseUri(base(management)).header("Authorization", "Bearer " + token);
    }

    /** A service name and domain no other test uses. */
    protected static String uniqueName(String prefix) {
        return prefix + "-" + SERVICES.incrementAndGet();
    }

    /** A service whose origin is pinned to the test origin on loopback, so no DNS is involved. */
    protected static JsonObject pinnedService(String name, int originPort) {
        return new JsonObject()
                .put("name", name)
                .put("domains", new JsonArray().add(name + ".test"))
                .put("origin", new JsonObject().put("host", "origin." + name + ".test").put("port", originPort)
                        .put("pinAddress", "127.0.0.1"));
    }

    /** Creates a version and activates it (not staged); returns the version. */
    protected int activate(JsonObject config) {
        int version = admin().contentType("application/json").body(config.encode())
                .post("/admin/edge/services").then().statusCode(201).extract().path("version");
        admin().post("/admin/edge/services/" + config.getString("name") + "/versions/" + version + "/activate?staged=false")
                .then().statusCode(200);
        return version;
    }

    protected Response status() {
        return admin().get("/admin/edge/status");
    }

    protected static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    protected static String base(URL url) {
        return url.getProtocol() + "://" + url.getHost() + ":" + url.getPort();
    }
}
