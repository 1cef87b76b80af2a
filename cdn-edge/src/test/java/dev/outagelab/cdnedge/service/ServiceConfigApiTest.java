package dev.outagelab.cdnedge.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.support.EdgeTestBase;
import dev.outagelab.cdnedge.support.EdgeTestEnvironment;
import dev.outagelab.cdnedge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/** Service configs through the admin API and the services file, and what clients see for bad requests. */
@QuarkusTest
class ServiceConfigApiTest extends EdgeTestBase {

    @Inject
    Vertx vertx;

    private static TestOrigin origin;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new TestOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void validationErrorsNameTheFieldAndStoreNothing() {
        admin().contentType("application/json")
                .body("{\"name\": \"bad\", \"domains\": [\"bad.test\"], \"origin\": {\"host\": \"o.test\", \"port\": 0}}")
                .post("/admin/edge/services/validate").then().statusCode(422)
                .body("error", equalTo("invalid_config"))
                .body("errors.field", hasItem("origin.port"));
        admin().contentType("application/json").body("{not json").post("/admin/edge/services").then().statusCode(422)
                .body("message", containsString("not valid JSON"));
        admin().get("/admin/edge/services/bad").then().statusCode(404);
    }

    @Test
    void aDomainServedByAnotherServiceIsRefused() {
        String name = uniqueName("owner");
        activate(pinnedService(name, origin.port()));
        JsonObject thief = pinnedService(uniqueName("thief"), origin.port())
                .put("domains", new JsonArray().add(name + ".test"));
        admin().contentType("application/json").body(thief.encode()).post("/admin/edge/services/validate")
                .then().statusCode(422).body("errors[0].field", equalTo("domains[0]"))
                .body("errors[0].message", containsString("served by service '" + name + "'"));
    }

    @Test
    void activateAndRollbackSwitchWhatClientsSeeAndAreLogged() {
        String name = uniqueName("versions");
        String host = name + ".test";
        origin.reply("/" + name + "/v1", Map.of("Cache-Control", "no-store"), "from path v1");
        origin.reply("/" + name + "/v2", Map.of("Cache-Control", "no-store"), "from path v2");
        JsonObject v1 = pinnedService(name, origin.port()).put("rules", new JsonArray().add(
                new JsonObject().put("responseHeaders", new JsonObject().put("X-Version", "1"))));
        JsonObject v2 = pinnedService(name, origin.port()).put("rules", new JsonArray().add(
                new JsonObject().put("responseHeaders", new JsonObject().put("X-Version", "2"))));
        assertEquals(1, activate(v1));
        edge(host).get("/" + name + "/v1").then().statusCode(200).header("X-Version", "1");
        assertEquals(2, activate(v2));
        edge(host).get("/" + name + "/v1").then().statusCode(200).header("X-Version", "2");
        admin().post("/admin/edge/services/" + name + "/rollback").then().statusCode(200)
                .body("version", equalTo(1)).body("previousVersion", equalTo(2)).body("source", equalTo("rollback"));
        edge(host).get("/" + name + "/v1").then().statusCode(200).header("X-Version", "1");
        admin().get("/admin/edge/activations").then().statusCode(200)
                .body("activations[0].service", equalTo(name)).body("activations[0].version", equalTo(1))
                .body("activations[1].version", equalTo(2)).body("activations[2].version", equalTo(1));
        admin().get("/admin/edge/services/" + name).then().statusCode(200).body("activeVersion", equalTo(1))
                .body("versions[1].config.rules[0].responseHeaders.X-Version", equalTo("2"));
        admin().post("/admin/edge/services/" + name + "/versions/9/activate").then().statusCode(404);
        admin().post("/admin/edge/services/" + name + "/versions/x/activate").then().statusCode(400);
    }

    @Test
    void anUnknownDomainGetsTheUnknownDomainPage() {
        edge("nobody-serves-this.test").get("/").then().statusCode(500)
                .body(containsString("unknown domain: nobody-serves-this.test."))
                .body(containsString("Details: cache-"));
    }

    /** HTTP/2 has no Host header: the host is the request's :authority (here the address the client dialled). */
    @Test
    void anHttp2RequestIsRoutedByItsAuthority() throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            String answer = client.request(HttpMethod.GET, application.getPort(), "127.0.0.1", "/")
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.version() + " "
                            + response.statusCode() + " " + body))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(answer.startsWith("HTTP_2 500 "), answer);
            assertTrue(answer.contains("unknown domain: 127.0.0.1"), answer);
        } finally {
            client.close();
        }
    }

    @Test
    void malformedHostAndHugeHeadersGetClearErrors() {
        edge("bad host!").get("/").then().statusCode(400).body(containsString("Error 400 Bad Request"))
                .body(containsString("Host header"));
        edge("news.test:99999999").get("/").then().statusCode(400);
        edge("news.lab").header("X-Huge", "x".repeat(30_000)).get("/").then().statusCode(431);
    }

    @Test
    void theServicesFileIsReloadedWhenItChangesAndABadChangeIsRefused() throws Exception {
        String host = "file-served.test";
        origin.reply("/from-file", Map.of("Cache-Control", "no-store"), "file {h:x-rule}");
        JsonObject service = new JsonObject().put("name", "from-file")
                .put("domains", new JsonArray().add(host))
                .put("origin", new JsonObject().put("host", "origin.file.test").put("port", origin.port())
                        .put("pinAddress", "127.0.0.1"))
                .put("rules", new JsonArray().add(new JsonObject()
                        .put("requestHeaders", new JsonObject().put("X-Rule", "one"))));
        write(new JsonObject().put("services", new JsonArray().add(service)).encodePrettily());
        await("the file's service to be served", Duration.ofSeconds(20),
                () -> edge(host).get("/from-file").statusCode() == 200);
        edge(host).get("/from-file").then().body(equalTo("file one"));

        write("{\"services\": [ {\"name\": \"from-file\" ");
        await("the bad file to be noticed", Duration.ofSeconds(20),
                () -> Boolean.FALSE.equals(status().path("servicesFile.ok")));
        status().then().body("servicesFile.message", containsString("not valid JSON"));
        edge(host).get("/from-file").then().statusCode(200).body(equalTo("file one"));

        service.getJsonArray("rules").getJsonObject(0).put("requestHeaders", new JsonObject().put("X-Rule", "two"));
        write(new JsonObject().put("services", new JsonArray().add(service)).encodePrettily());
        await("the corrected file's version", Duration.ofSeconds(20),
                () -> "file two".equals(edge(host).get("/from-file").asString()));
        admin().get("/admin/edge/activations").then().body("activations[0].service", equalTo("from-file"))
                .body("activations[0].source", equalTo("file")).body("activations[0].version", equalTo(2));
    }

    private static void write(String text) throws Exception {
        // Write then rename, as the kubelet swaps a ConfigMap's files: the edge never reads half a file.
        var tmp = EdgeTestEnvironment.SERVICES_FILE.resolveSibling("services.json.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, EdgeTestEnvironment.SERVICES_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
