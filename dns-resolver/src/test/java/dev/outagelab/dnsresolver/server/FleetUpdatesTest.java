package dev.outagelab.dnsresolver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import dev.outagelab.dnsresolver.capacity.CapacityLimiter;
import dev.outagelab.dnsresolver.forward.ForwardCache;
import dev.outagelab.dnsresolver.forward.Forwarder;
import dev.outagelab.dnsresolver.update.TsigKeys;
import dev.outagelab.dnsresolver.update.UpdateAudit;
import dev.outagelab.dnsresolver.update.UpdateHandler;
import dev.outagelab.dnsresolver.update.UpdateRoutes;
import dev.outagelab.dnsresolver.update.ZoneReplicator;
import dev.outagelab.dnsresolver.update.ZoneUpdater;
import dev.outagelab.dnsresolver.zone.Authority;
import dev.outagelab.dnsresolver.zone.RecordSpec;
import dev.outagelab.dnsresolver.zone.ZoneFactory;
import dev.outagelab.dnsresolver.zone.ZoneSettings;
import dev.outagelab.dnsresolver.zone.ZoneStore;
import dev.outagelab.kit.admin.AdminToken;
import dev.outagelab.kit.fault.FaultRegistry;
import dev.outagelab.kit.http.JsonReplies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Three members in one JVM, each a real DNS server on loopback UDP and a real HTTP server with the production zone
 * routes behind the admin token: a TSIG-signed update sent to one is answered by all, survives a restart through the
 * journal, and reaches a member that was down when it starts.
 */
class FleetUpdatesTest {

    private static final String TOKEN = "fleet-updates-token-0123456789";
    private static final String SECRET = "ZmxlZXQtdXBkYXRlcy10ZXN0LXNlY3JldC0wMTIz";
    private static final Name KEY = Name.fromConstantString("orchestrator.lab.internal.");
    private static final Name ORIGIN = Name.fromConstantString("lab.internal.");
    private static final Name PRIMARY = Name.fromConstantString("primary.db.lab.internal.");

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Member> members = new ArrayList<>();
    private final Path dataRoot;

    FleetUpdatesTest() throws Exception {
        dataRoot = Files.createTempDirectory("fleet-updates");
    }

    @AfterEach
    void stop() throws Exception {
        for (Member m : members) {
            m.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dataRoot)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One member: zone, updater, replicator, DNS on UDP, and the zone routes on its own HTTP port. */
    private final class Member {
        final int index;
        final Router router = Router.router(vertx);
        final HttpServer server;
        final URI url;
        ZoneReplicator replicator;
        UdpListener udp;
        InetSocketAddress dns;

        Member(int index, int httpPort) throws Exception {
            this.index = index;
            AdminToken guard = new AdminToken(() -> TOKEN);
            router.route().handler(BodyHandler.create());
            router.route("/admin/*").handler(rc -> {
                if (guard.permits(rc.request().getHeader("Authorization"))) {
                    rc.next();
                } else {
                    JsonReplies.error(rc, 401, "unauthorized", "token");
                }
            });
            server = vertx.createHttpServer().requestHandler(router).listen(httpPort, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            url = URI.create("http://127.0.0.1:" + server.actualPort() + "/");
        }

        void start(Map<String, URI> peers) throws Exception {
            ZoneStore store = new ZoneStore(ZoneFactory.build(new ZoneSettings("lab.internal.",
                    Duration.ofSeconds(30), "ns1", "hostmaster", List.of(
                            new RecordSpec("ns1", "A", "127.0.0.1", Optional.empty()),
                            new RecordSpec("db-node-east-0.db", "A", "127.0.0.1", Optional.empty()),
                            new RecordSpec("db-node-west-0.db", "A", "127.0.0.1", Optional.empty()),
                            new RecordSpec("primary.db", "CNAME", "db-node-east-0.db",
                                    Optional.of(Duration.ofSeconds(5)))), "dns.zone")));
            ZoneUpdater updater = new ZoneUpdater(store);
            replicator = new ZoneReplicator(store, updater, Optional.of(dataRoot.resolve("member-" + index)), peers,
                    TOKEN, Duration.ofSeconds(2), http);
            UpdateAudit audit = new UpdateAudit(10);
            Authority authority = new Authority(store);
            UpdateHandler updates = new UpdateHandler(TsigKeys.build(KEY.toString(), Optional.of(SECRET),
                    "hmac-sha256"), updater, ORIGIN, audit, Clock.systemUTC(), replicator);
            DnsMetrics metrics = new DnsMetrics(new SimpleMeterRegistry());
            QueryProcessor processor = new QueryProcessor(authority, new FaultRegistry(Clock.systemUTC(), () -> 1.0),
                    new SelfProbe(), metrics, new CapacityLimiter(0, 0, System::nanoTime), updates,
                    new Forwarder(List.of(), new ForwardCache(1, Duration.ZERO, System::nanoTime), ORIGIN,
                            new Forwarder.Settings(Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofHours(3),
                                    false, Duration.ofSeconds(30), Duration.ofMillis(1800)), metrics));
            UpdateRoutes.register(router, audit, replicator);
            replicator.recover();
            replicator.start(Duration.ofMillis(200));
            dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), FreeDnsPortResource.freePort());
            udp = new UdpListener(dns, processor);
            udp.start();
        }

        void stop() throws Exception {
            if (replicator != null) {
                replicator.stop();
            }
            if (udp != null) {
                udp.close();
            }
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        SimpleResolver resolver() {
            SimpleResolver r = new SimpleResolver(dns);
            r.setTimeout(Duration.ofSeconds(3));
            return r;
        }

        String primary() throws Exception {
            Message m = resolver().send(Message.newQuery(Record.newRecord(PRIMARY, Type.CNAME,
                    DClass.IN)));
            return m.getSection(Section.ANSWER).get(0).rdataToString();
        }

        long serial() throws Exception {
            Message m = resolver().send(Message.newQuery(Record.newRecord(ORIGIN, Type.SOA,
                    DClass.IN)));
            return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
        }
    }

    private void startFleet(int size) throws Exception {
        for (int i = 0; i < size; i++) {
            members.add(new Member(i, 0));
        }
        for (Member m : members) {
            m.start(peersOf(m.index));
        }
    }

    private Map<String, URI> peersOf(int index) {
        Map<String, URI> peers = new LinkedHashMap<>();
        members.stream().filter(o -> o.index != index).forEach(o -> peers.put("m" + o.index, o.url));
        return peers;
    }

    private static int move(Member to, String target) throws Exception {
        Update update = new Update(ORIGIN);
        update.delete(PRIMARY, Type.CNAME);
        update.add(PRIMARY, Type.CNAME, 5, target);
        SimpleResolver resolver = to.resolver();
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
        return resolver.send(update).getRcode();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50); // polling interval
        }
    }

    private static boolean answers(Member m, String target) {
        try {
            return m.primary().equals(target);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void anUpdateAcceptedByOneMemberIsAnsweredByEvery() throws Exception {
        startFleet(3);
        assertEquals(Rcode.NOERROR, move(members.get(1), "db-node-west-0.db.lab.internal."));
        assertEquals("db-node-west-0.db.lab.internal.", members.get(1).primary(), "at once on the accepting member");
        for (Member m : members) {
            await(() -> answers(m, "db-node-west-0.db.lab.internal."), "member " + m.index);
            assertEquals(2, m.serial(), "member " + m.index + " has the same zone version");
        }
        SimpleResolver unsigned = members.get(0).resolver();
        Update bad = new Update(ORIGIN);
        bad.delete(PRIMARY, Type.CNAME);
        assertEquals(Rcode.REFUSED, unsigned.send(bad).getRcode(), "unsigned updates are still refused");
    }

    @Test
    void anUpdateSurvivesARestartAndReachesAMemberThatWasDown() throws Exception {
        startFleet(3);
        Member down = members.get(2);
        down.stop();
        assertEquals(Rcode.NOERROR, move(members.get(0), "db-node-west-0.db.lab.internal."));
        await(() -> answers(members.get(1), "db-node-west-0.db.lab.internal."), "member 1");

        // Member 2 comes back on the same HTTP port: it catches up from a peer as it starts.
        Member back = new Member(2, down.server.actualPort());
        members.set(2, back);
        back.start(peersOf(2));
        assertEquals("db-node-west-0.db.lab.internal.", back.primary(), "caught up before answering");

        // Member 0 restarts alone (no peers): its journal alone brings the update back.
        members.get(0).stop();
        Member alone = new Member(0, 0);
        members.set(0, alone);
        alone.start(Map.of());
        assertEquals("db-node-west-0.db.lab.internal.", alone.primary(), "restored from dns.data-dir");
        assertEquals(2, alone.serial());
    }
}
