package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.tcp;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Real dnsjava queries over UDP and TCP against the running instance and its configured (test) zone. */
@QuarkusTest
@WithTestResource(value = FreeDnsPortResource.class, scope = TestResourceScope.GLOBAL)
class DnsQueriesTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @ParameterizedTest(name = "{0} {1} over {3}")
    @CsvSource({
        "ns1.lab.internal., A, 127.0.0.1, udp",
        "ns1.lab.internal., A, 127.0.0.1, tcp",
        "ns1.lab.internal., AAAA, ::1, udp",
        "ns1.lab.internal., AAAA, ::1, tcp",
        "origin.news.lab.internal., A, 127.0.0.1, udp",
        "origin.news.lab.internal., A, 127.0.0.1, tcp",
        "_http._tcp.origin.news.lab.internal., SRV, 10 5 8080 origin.news.lab.internal., udp",
        "_http._tcp.origin.news.lab.internal., SRV, 10 5 8080 origin.news.lab.internal., tcp",
        "info.lab.internal., TXT, \"outage-lab\" \"authoritative for lab.internal\", udp",
        "info.lab.internal., TXT, \"outage-lab\" \"authoritative for lab.internal\", tcp",
        "db-node-east-0.db.lab.internal., CNAME, , udp",
        "lab.internal., NS, ns1.lab.internal., udp",
        "lab.internal., NS, ns1.lab.internal., tcp",
        "lab.internal., SOA, ns1.lab.internal. hostmaster.lab.internal. 1 3600 600 86400 30, udp",
        "lab.internal., SOA, ns1.lab.internal. hostmaster.lab.internal. 1 3600 600 86400 30, tcp",
    })
    void everyRecordTypeInTheZoneIsAnsweredAuthoritatively(String name, String type, String data, String transport)
            throws Exception {
        Message response = query(transport.equals("tcp") ? tcp() : udp(), name, Type.value(type));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA), "answers for our zone are authoritative");
        List<String> answers = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.value(type))
                .map(Record::rdataToString).collect(Collectors.toList());
        if (data == null) {
            // an A-only name asked for CNAME: no such data, so the SOA tells the client how long to remember that
            assertTrue(answers.isEmpty());
            assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
        } else {
            // compare in dnsjava's canonical text, so "::1" matches however the address is printed
            String expected = Record.fromString(Name.fromString(name), Type.value(type), DClass.IN, 0, data,
                    Name.root).rdataToString();
            if (Type.value(type) == Type.SOA) {
                // DnsUpdateTest shares this instance and each accepted update bumps the serial; it checks serials.
                expected = withoutSerial(expected);
                answers = answers.stream().map(DnsQueriesTest::withoutSerial).collect(Collectors.toList());
            }
            assertEquals(List.of(expected), answers);
        }
    }

    private static String withoutSerial(String soaData) {
        String[] fields = soaData.split(" ");
        fields[2] = "*";
        return String.join(" ", fields);
    }

    @Test
    void primaryDbIsACnameChasedToTheNodeAddressInOneAnswer() throws Exception {
        Message response = query(udp(), "primary.db.lab.internal.", Type.A);
        List<Record> answer = response.getSection(Section.ANSWER);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(2, answer.size(), answer.toString());
        assertEquals(Type.CNAME, answer.get(0).getType());
        assertEquals("db-node-east-0.db.lab.internal.", answer.get(0).rdataToString());
        assertEquals(Name.fromString("db-node-east-0.db.lab.internal."), answer.get(1).getName());
        assertEquals("127.0.0.1", answer.get(1).rdataToString());
        assertEquals(5, answer.get(0).getTTL(), "primary.db has a short TTL so clients follow a failover");
    }

    @Test
    void unknownNameIsNxdomainWithTheSoaForNegativeCaching() throws Exception {
        for (SimpleResolver resolver : new SimpleResolver[] {udp(), tcp()}) {
            Message response = query(resolver, "nobody.lab.internal.", Type.A);
            assertEquals(Rcode.NXDOMAIN, response.getRcode());
            assertTrue(response.getHeader().getFlag(Flags.AA));
            assertTrue(response.getSection(Section.ANSWER).isEmpty());
            assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
        }
    }

    @Test
    void existingNameWithoutTheTypeIsNodataWithTheSoa() throws Exception {
        Message response = query(udp(), "origin.news.lab.internal.", Type.AAAA);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void questionsWeNeitherServeNorForwardAreRefused() throws Exception {
        // Outside names are forwarded (DnsForwardingTest); other classes and zone transfers are not.
        Message chaos = udp().send(Message.newQuery(Record.newRecord(Name.fromConstantString("example.com."),
                Type.TXT, DClass.CH)));
        assertEquals(Rcode.REFUSED, chaos.getRcode());
        assertFalse(chaos.getHeader().getFlag(Flags.AA));
    }

    @Test
    void aBigAnswerIsTruncatedOverUdpAndArrivesWholeOverTcp() throws Exception {
        SimpleResolver udp = udp();
        udp.setIgnoreTruncation(true);
        Message truncated = query(udp, "big.lab.internal.", Type.TXT);
        assertTrue(truncated.getHeader().getFlag(Flags.TC), "a 2 KB TXT does not fit 1232 bytes of UDP");
        assertNotNull(truncated.getOPT(), "our OPT record is echoed to an EDNS client");
        assertEquals(1232, truncated.getOPT().getPayloadSize());

        Message whole = query(tcp(), "big.lab.internal.", Type.TXT);
        assertFalse(whole.getHeader().getFlag(Flags.TC));
        TXTRecord txt = (TXTRecord) whole.getSection(Section.ANSWER).get(0);
        assertEquals(10, txt.getStrings().size());
        assertTrue(whole.toWire().length > 1232);
    }

    @Test
    void aClientWithoutEdnsGetsAtMost512BytesOverUdp() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("big.lab.internal."), Type.TXT, DClass.IN));
        byte[] reply = DnsClient.rawUdp(query.toWire(), DnsClient.TIMEOUT);
        assertNotNull(reply);
        assertTrue(reply.length <= 512, "reply of " + reply.length + " bytes");
        Message response = new Message(reply);
        assertTrue(response.getHeader().getFlag(Flags.TC));
        assertNull(response.getOPT(), "no OPT record to a client that sent none");
    }

    @Test
    void garbageIsDroppedAndCountedAndTheServerKeepsAnswering() throws Exception {
        Random random = new Random(42);
        for (int length : new int[] {1, 5, 11, 40, 300}) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            if (length > 2) {
                garbage[2] = 0; // QR clear: dropped for not parsing, not for being a response
            }
            assertNull(DnsClient.rawUdp(garbage, Duration.ofMillis(300)), "no answer to " + length + " bytes");
        }
        assertEquals(Rcode.NOERROR, query(udp(), "origin.news.lab.internal.", Type.A).getRcode());
        given().baseUri(base()).get("/q/metrics").then().statusCode(200)
                .body(containsString("dns_drops_total{reason=\"unparseable\""));
    }

    @Test
    void aPacketWithoutAQuestionOrWithTwoIsFormerr() throws Exception {
        Message none = new Message(4242);
        Message response = new Message(DnsClient.rawUdp(none.toWire(), DnsClient.TIMEOUT));
        assertEquals(Rcode.FORMERR, response.getRcode());
        assertEquals(4242, response.getHeader().getID());

        Message two = Message.newQuery(Record.newRecord(Name.fromString("ns1.lab.internal."), Type.A, DClass.IN));
        two.addRecord(Record.newRecord(Name.fromString("info.lab.internal."), Type.TXT, DClass.IN), Section.QUESTION);
        assertEquals(Rcode.FORMERR, new Message(DnsClient.rawUdp(two.toWire(), DnsClient.TIMEOUT)).getRcode());
    }

    @Test
    void opcodesOtherThanQueryAndUpdateAreNotImplemented() throws Exception {
        // UPDATE is implemented (DnsUpdateTest); NOTIFY is not.
        Message notify = Message.newQuery(Record.newRecord(Name.fromString("lab.internal."), Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertEquals(Rcode.NOTIMP, udp().send(notify).getRcode());
    }

    @Test
    void oneTcpConnectionCarriesSeveralQueries() throws Exception {
        try (Socket socket = new Socket(DnsClient.server().getAddress(), DnsClient.server().getPort())) {
            socket.setSoTimeout((int) DnsClient.TIMEOUT.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String[] names = {"ns1.lab.internal.", "origin.news.lab.internal.", "nobody.lab.internal."};
            for (int i = 0; i < names.length; i++) {
                Message query = Message.newQuery(Record.newRecord(Name.fromString(names[i]), Type.A, DClass.IN));
                query.getHeader().setID(100 + i);
                byte[] wire = query.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            for (int i = 0; i < names.length; i++) {
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                Message response = new Message(reply);
                assertEquals(100 + i, response.getHeader().getID());
                assertEquals(i == 2 ? Rcode.NXDOMAIN : Rcode.NOERROR, response.getRcode());
            }
        }
    }

    @Test
    void readinessReportsThePortAndTheRecordCount() {
        int port = DnsClient.server().getPort();
        given().baseUri(base()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'dns' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'dns' }.data.port", equalTo(port))
                .body("checks.find { it.name == 'dns' }.data.records", equalTo(13)); // 11 configured + SOA + NS
    }

    private String base() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }
}
