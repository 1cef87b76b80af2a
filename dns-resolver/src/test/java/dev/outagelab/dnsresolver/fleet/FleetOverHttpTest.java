package dev.outagelab.dnsresolver.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outagelab.kit.admin.AdminToken;
import dev.outagelab.kit.http.JsonReplies;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Four fleet members in one JVM, each with its own HTTP server on a real loopback socket serving the production
 * {@link FleetRoutes} behind the admin token, talking to each other with {@link HttpPeer}s on the real clock with
 * short periods. What a Quarkus instance adds on top (its readiness check) is tested in {@code FleetEndpointsTest}.
 */
class FleetOverHttpTest {

    private static final String TOKEN = "fleet-test-token-0123456789";
    private static final int SIZE = 4;
    private static final Duration TICK = Duration.ofMillis(100);

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<FleetService> fleet = new ArrayList<>();
    private final List<URI> urls = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        fleet.forEach(FleetService::stop);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void startFleet(boolean validate) throws Exception {
        AdminToken guard = new AdminToken(() -> TOKEN);
        List<Router> routers = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            Router router = Router.router(vertx);
            router.route().handler(BodyHandler.create());
            router.route("/admin/*").handler(rc -> {
                if (guard.permits(rc.request().getHeader("Authorization"))) {
                    rc.next();
                } else {
                    JsonReplies.error(rc, 401, "unauthorized", "token");
                }
            });
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            routers.add(router);
            urls.add(URI.create("http://127.0.0.1:" + server.actualPort() + "/"));
        }
        for (int i = 0; i < SIZE; i++) {
            FleetLog log = new FleetLog();
            LocalPeer self = new LocalPeer(new MemberState(name(i), log), () -> true, Clock.systemUTC());
            List<Peer> members = new ArrayList<>();
            for (int j = 0; j < SIZE; j++) {
                members.add(j == i ? self : new HttpPeer(name(j), urls.get(j), TOKEN, Duration.ofSeconds(2), http));
            }
            FleetService member = new FleetService(self, members, log, Optional.empty(), Clock.systemUTC(), validate);
            FleetRoutes.register(routers.get(i), member);
            fleet.add(member);
        }
        fleet.forEach(f -> f.start(TICK));
    }

    private static String name(int i) {
        return "dns-resolver-" + i;
    }

    private HttpResponse<String> putConfig(int member, String doc) throws Exception {
        return http.send(HttpRequest.newBuilder(urls.get(member).resolve("/admin/fleet/config"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long inService() {
        return fleet.stream().filter(f -> f.member().inService()).count();
    }

    /** Samples the in-service count every 20 ms for {@code span}. */
    private List<Long> sample(Duration span) {
        return sampleUntil(() -> false, span);
    }

    /** Samples the in-service count every 20 ms until {@code done} or {@code deadline}, whichever comes first. */
    private List<Long> sampleUntil(BooleanSupplier done, Duration deadline) {
        List<Long> counts = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end && !done.getAsBoolean()) {
            counts.add(inService());
            try {
                Thread.sleep(20); // sampling interval, not a wait for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return counts;
    }

    @Test
    void aChangeOnAnyMemberReachesAllAndTheRotationKeepsTheFloor() throws Exception {
        startFleet(true);
        // Sent to member 3, which is not the manager: it applies it and passes it on.
        HttpResponse<String> put = putConfig(3, """
                {"min-healthy-hosts":3,"rotation-period":"300ms","maintenance-duration":"700ms",
                 "peak-qps":250,"host-qps":100}""");
        assertEquals(200, put.statusCode(), put.body());
        JsonObject peers = new JsonObject(put.body()).getJsonObject("peers");
        assertEquals(new JsonObject().put(name(0), 200).put(name(1), 200).put(name(2), 200), peers);
        fleet.forEach(f -> assertEquals(3, f.running().effectiveMinHealthyHosts(), f.member().name()));

        Set<String> rotated = ConcurrentHashMap.newKeySet();
        List<Long> counts = sampleUntil(() -> {
            fleet.forEach(f -> f.log().recent().stream().filter(e -> e.kind().equals("removed"))
                    .forEach(e -> rotated.add(e.member())));
            return rotated.size() == SIZE;
        }, Duration.ofSeconds(30));
        assertEquals(SIZE, rotated.size(), "the rotation moved on through the whole fleet: " + rotated);
        assertEquals(3L, counts.stream().mapToLong(Long::longValue).min().orElseThrow(), "counts " + counts);
        assertTrue(fleet.get(0).manager().manager(), "dns-resolver-0 manages");
        assertTrue(fleet.stream().skip(1).noneMatch(f -> f.manager().manager()));
    }

    @Test
    void withValidationOffAConfigWithoutTheFloorDrainsTheFleet() throws Exception {
        startFleet(false);
        HttpResponse<String> put = putConfig(0, """
                {"rotation-period":"300ms","maintenance-duration":"1h"}""");
        assertEquals(200, put.statusCode(), put.body());
        List<Long> counts = sampleUntil(() -> inService() == 1, Duration.ofSeconds(30));
        counts.addAll(sample(Duration.ofSeconds(1)));
        assertEquals(1L, counts.get(counts.size() - 1), "drained to the legacy default of 1: " + counts);
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) <= counts.get(i - 1), "only removals, never a return: " + counts);
        }
        assertTrue(counts.containsAll(List.of(3L, 2L)), "host after host: " + counts);
    }

    @Test
    void withValidationOnAConfigWithoutTheFloorIsRefusedAndTheRunningOneStays() throws Exception {
        startFleet(true);
        String good = """
                {"min-healthy-hosts":3,"peak-qps":250,"host-qps":100}""";
        assertEquals(200, putConfig(1, good).statusCode());
        HttpResponse<String> bad = putConfig(1, """
                {"rotation-period":"300ms","maintenance-duration":"1h","peak-qps":250,"host-qps":100}""");
        assertEquals(400, bad.statusCode(), bad.body());
        JsonObject body = new JsonObject(bad.body());
        assertEquals("min-healthy-hosts", body.getString("key"));
        assertEquals(3, body.getJsonObject("running").getInteger("min-healthy-hosts"));
        List<Long> counts = sample(Duration.ofSeconds(1));
        assertTrue(counts.stream().allMatch(c -> c == SIZE), "no rotation runs: " + counts);
        fleet.forEach(f -> assertEquals(FleetConfig.parse(new JsonObject(good)), f.running(), f.member().name()));
    }
}
