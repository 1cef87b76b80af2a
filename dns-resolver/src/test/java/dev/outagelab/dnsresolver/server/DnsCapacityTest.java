package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The running instance sheds queries past {@code dns.capacity.max-concurrent} (32 in tests) with SERVFAIL and counts
 * them. A latency fault holds admitted queries in progress, the way a slow backend fills a real resolver.
 */
@QuarkusTest
class DnsCapacityTest {

    private static final int MAX_CONCURRENT = 32;
    private static final int SENT = 40;
    private static final String ORIGIN = "origin.news.lab.internal.";

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void clearFaults() {
        admin().delete("/admin/faults").then().statusCode(200);
    }

    @Test
    void queriesBeyondTheConcurrencyLimitGetServfailAtOnceAndAreCounted() throws Exception {
        double shedBefore = shedCount();
        admin().contentType(ContentType.JSON).body("{\"type\":\"latency\",\"latency\":\"1500ms\"}")
                .post("/admin/faults").then().statusCode(201);
        Map<Integer, Integer> rcodeById = new HashMap<>();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int id = 1; id <= SENT; id++) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(ORIGIN), Type.A, DClass.IN));
                q.getHeader().setID(id);
                byte[] wire = q.toWire();
                socket.send(new DatagramPacket(wire, wire.length, DnsClient.server()));
            }
            // Well before the 1.5 s delay ends, only the shed queries can have been answered.
            socket.setSoTimeout(1000);
            receive(socket, rcodeById, SENT - MAX_CONCURRENT);
            assertEquals(SENT - MAX_CONCURRENT, rcodeById.size(), "every query past the limit is answered at once");
            rcodeById.values().forEach(rcode -> assertEquals(Rcode.SERVFAIL, rcode));
            assertEquals(SENT - MAX_CONCURRENT, shedCount() - shedBefore, 0.0);

            admin().delete("/admin/faults").then().statusCode(200);
            socket.setSoTimeout(5000);
            receive(socket, rcodeById, SENT);
            assertEquals(SENT, rcodeById.size(), "the admitted queries are answered once their delay is over");
        }
        long noerror = rcodeById.values().stream().filter(r -> r == Rcode.NOERROR).count();
        assertEquals(MAX_CONCURRENT, noerror);
        // their slots came back: a fresh query is admitted
        assertEquals(Rcode.NOERROR, query(udp(), ORIGIN, Type.A).getRcode());
    }

    private static void receive(DatagramSocket socket, Map<Integer, Integer> rcodeById, int until) throws Exception {
        byte[] buffer = new byte[4096];
        while (rcodeById.size() < until) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return;
            }
            byte[] wire = new byte[packet.getLength()];
            System.arraycopy(packet.getData(), packet.getOffset(), wire, 0, wire.length);
            Message reply = new Message(wire);
            rcodeById.put(reply.getHeader().getID(), reply.getRcode());
        }
    }

    private double shedCount() {
        String metrics = given().baseUri(base()).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("dns_queries_shed_total{") && l.contains("transport=\"udp\"")
                        && l.contains("reason=\"concurrency\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private RequestSpecification admin() {
        return ManagementPort.admin(management);
    }

    private String base() {
        return ManagementPort.base(management);
    }
}
