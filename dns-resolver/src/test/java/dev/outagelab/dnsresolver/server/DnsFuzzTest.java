package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.tcp;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of random and mutated packets at the running instance over UDP and TCP. Every reply must be a DNS
 * response carrying the ID of the packet that provoked it; silence is allowed (counted as a drop). Between rounds
 * and at the end, real queries must still be answered and readiness must be UP.
 */
@QuarkusTest
class DnsFuzzTest {

    private static final Logger LOG = Logger.getLogger(DnsFuzzTest.class);
    /** Fixed so a failure replays exactly; {@code -Dfuzz.seed=...} explores other packets. */
    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_D45L);
    private static final int UDP_PACKETS = 3000;
    private static final int UDP_BATCH = 100;
    private static final int TCP_CONNECTIONS = 500;
    private static final int CHECK_EVERY_UDP = 500;
    private static final int CHECK_EVERY_TCP = 100;
    /** How long a UDP batch may stay silent before its missing replies count as drops; loopback answers in µs. */
    private static final int UDP_DRAIN_MS = 100;
    /** A TCP connection the server has not closed this long after our half-close is a hang. */
    private static final int TCP_READ_MS = 3000;
    private static final Duration BUDGET = Duration.ofSeconds(25);
    private static final String ORIGIN = "origin.news.lab.internal.";

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void udpKeepsAnsweringAfterThousandsOfRandomAndMutatedPackets() throws Exception {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        FuzzPackets packets = new FuzzPackets(new Random(SEED));
        Set<Integer> sent = new HashSet<>();
        Set<Integer> answered = new HashSet<>();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setReceiveBufferSize(1 << 20);
            for (int id = 1; id <= UDP_PACKETS; id++) {
                withinBudget(deadline, "UDP packet " + id);
                byte[] packet = packets.next(id);
                if (packet.length >= 2) {
                    sent.add(id);
                }
                socket.send(new DatagramPacket(packet, packet.length, DnsClient.server()));
                if (id % UDP_BATCH == 0) {
                    drain(socket, sent, answered);
                }
                if (id % CHECK_EVERY_UDP == 0) {
                    stillAnswers();
                }
            }
            drain(socket, sent, answered);
        }
        LOG.infof("UDP fuzz: %d packets, %d answered, %d dropped (seed %x)", UDP_PACKETS, answered.size(),
                UDP_PACKETS - answered.size(), SEED);
        // Mutations leave many packets parseable; if none were answered the fuzzer would not be testing much.
        assertTrue(answered.size() > UDP_PACKETS / 10, "only " + answered.size() + " fuzz packets were answered");
        stillAnswers();
        readinessIsUp();
    }

    @Test
    void tcpKeepsAnsweringAfterHundredsOfBrokenConnections() throws Exception {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        Random random = new Random(SEED + 1);
        FuzzPackets packets = new FuzzPackets(random);
        int nextId = 1;
        int frames = 0;
        int replies = 0;
        for (int c = 1; c <= TCP_CONNECTIONS; c++) {
            withinBudget(deadline, "TCP connection " + c);
            try (Socket socket = new Socket(DnsClient.server().getAddress(), DnsClient.server().getPort())) {
                socket.setSoTimeout(TCP_READ_MS);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                Set<Integer> ids = new HashSet<>();
                boolean idsKnown = true;
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    byte[] packet = random.nextInt(4) == 0 ? packets.valid(nextId) : packets.next(nextId);
                    ids.add(nextId++);
                    writeFrame(out, packet);
                    frames++;
                }
                int ending = random.nextInt(7);
                switch (ending) {
                    case 0 -> {
                        // a length prefix promising more than is sent, then end of stream
                        byte[] part = packets.next(nextId++);
                        out.writeShort(part.length + 1 + random.nextInt(100));
                        out.write(part);
                    }
                    case 1 -> {
                        // the largest length a prefix can give, with a few bytes behind it
                        out.writeShort(0xFFFF);
                        out.write(packets.noise(random.nextInt(200)));
                    }
                    case 2 -> out.write(random.nextInt(256)); // half a length prefix
                    case 3 -> out.writeShort(0); // an empty frame: nothing to parse
                    case 4 -> {
                        // no framing at all: noise that the server reads as prefixes and frames of its own choosing
                        out.write(packets.noise(1 + random.nextInt(300)));
                        idsKnown = false;
                    }
                    default -> {
                        // well framed to the end
                    }
                }
                out.flush();
                if (random.nextInt(5) == 0) {
                    // gone mid-conversation, replies unread: the server must cope with a reset
                    continue;
                }
                socket.shutdownOutput();
                replies += readReplies(socket, idsKnown ? ids : null, c);
            }
            if (c % CHECK_EVERY_TCP == 0) {
                stillAnswers();
            }
        }
        LOG.infof("TCP fuzz: %d connections, %d framed packets, %d replies (seed %x)", TCP_CONNECTIONS, frames,
                replies, SEED + 1);
        assertTrue(replies > 0, "no fuzz frame was answered over TCP");
        stillAnswers();
        readinessIsUp();
    }

    /** Reads replies until the server closes the connection; each must be a response to one of {@code ids}. */
    private static int readReplies(Socket socket, Set<Integer> ids, int connection) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        Set<Integer> seen = new HashSet<>();
        int count = 0;
        while (true) {
            byte[] reply;
            try {
                reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
            } catch (EOFException | SocketException e) {
                return count;
            } catch (SocketTimeoutException e) {
                fail("TCP connection " + connection + " was neither answered nor closed within " + TCP_READ_MS
                        + " ms of our half-close");
                return count;
            }
            Message response = parsedResponse(reply, "TCP connection " + connection);
            if (ids != null) {
                int id = response.getHeader().getID();
                assertTrue(ids.contains(id), "TCP reply with ID " + id + " matches no query on connection "
                        + connection);
                assertTrue(seen.add(id), "two TCP replies for ID " + id);
            }
            count++;
        }
    }

    /** Collects replies until the socket stays quiet; each must answer a packet we sent, and only once. */
    private static void drain(DatagramSocket socket, Set<Integer> sent, Set<Integer> answered) throws IOException {
        socket.setSoTimeout(UDP_DRAIN_MS);
        byte[] buffer = new byte[65_535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return;
            }
            byte[] wire = new byte[packet.getLength()];
            System.arraycopy(packet.getData(), packet.getOffset(), wire, 0, wire.length);
            int id = parsedResponse(wire, "UDP").getHeader().getID();
            assertTrue(sent.contains(id), "UDP reply with ID " + id + " matches no packet sent");
            assertTrue(answered.add(id), "two UDP replies for ID " + id);
            assertTrue(wire.length <= QueryProcessor.OUR_UDP_PAYLOAD, "UDP reply of " + wire.length + " bytes");
        }
    }

    private static Message parsedResponse(byte[] wire, String where) {
        Message response;
        try {
            response = new Message(wire);
        } catch (IOException e) {
            throw new AssertionError(where + " reply does not parse: " + e.getMessage(), e);
        }
        assertTrue(response.getHeader().getFlag(Flags.QR), where + " reply lacks QR");
        return response;
    }

    private static void stillAnswers() throws IOException {
        for (SimpleResolver resolver : List.of(udp(), tcp())) {
            Message response = query(resolver, ORIGIN, Type.A);
            assertEquals(Rcode.NOERROR, response.getRcode());
            List<String> addresses = new ArrayList<>();
            response.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                    .forEach(r -> addresses.add(((ARecord) r).getAddress().getHostAddress()));
            assertEquals(List.of("127.0.0.1"), addresses);
        }
    }

    private void readinessIsUp() {
        String base = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
        given().baseUri(base).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void writeFrame(DataOutputStream out, byte[] packet) throws IOException {
        out.writeShort(packet.length);
        out.write(packet);
    }

    private static void withinBudget(long deadline, String at) {
        if (System.nanoTime() > deadline) {
            fail("fuzzing ran past its " + BUDGET.toSeconds() + " s budget at " + at + ": is the server hanging?");
        }
    }
}
