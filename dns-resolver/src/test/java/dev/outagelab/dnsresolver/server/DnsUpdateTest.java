package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.tcp;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
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

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * RFC 2136 updates signed with TSIG, sent by dnsjava's own client to the running instance. Tests that change the
 * zone put it back before they end, since the instance (and its zone) is shared with the other test classes.
 */
@QuarkusTest
@WithTestResource(value = FreeDnsPortResource.class, scope = TestResourceScope.GLOBAL)
class DnsUpdateTest {

    private static final Name ORIGIN = Name.fromConstantString("lab.internal.");
    private static final Name PRIMARY = Name.fromConstantString("primary.db.lab.internal.");
    private static final String EAST = "db-node-east-0.db.lab.internal.";
    private static final String WEST = "db-node-west-0.db.lab.internal.";
    private static final Name KEY_NAME = Name.fromConstantString("orchestrator.lab.internal.");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void aSignedUpdateMovesPrimaryDbForUdpAndTcpAndBumpsTheSerial() throws Exception {
        long serialBefore = serial();
        try {
            Message reply = signed(udp()).send(move(WEST));
            assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
            assertTrue(reply.isSigned() && reply.isVerified(), "the answer to a signed update is signed with our key");
            for (SimpleResolver resolver : new SimpleResolver[] {udp(), tcp()}) {
                Message answer = query(resolver, PRIMARY.toString(), Type.A);
                assertEquals(WEST, answer.getSection(Section.ANSWER).get(0).rdataToString());
                assertEquals(Name.fromConstantString(WEST), answer.getSection(Section.ANSWER).get(1).getName());
            }
            assertTrue(serial() > serialBefore, "an accepted update bumps the SOA serial");
            admin().get("/admin/dns/updates").then().statusCode(200)
                    .body("updates.key", hasItem(KEY_NAME.toString()))
                    .body("updates.summary.findAll { it.contains('" + WEST + "') }.size()",
                            greaterThan(0));
        } finally {
            Message back = signed(udp()).send(move(EAST));
            assertEquals(Rcode.NOERROR, back.getRcode(), "the zone is put back for the other tests");
        }
        assertEquals(EAST, primaryTarget());
    }

    @Test
    void anUnsignedUpdateIsRefusedAndChangesNothing() throws Exception {
        long serialBefore = serial();
        Message reply = udp().send(move(WEST));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertUnchanged(serialBefore);
    }

    @Test
    void aWrongSecretIsNotauthBadsigAndChangesNothing() throws Exception {
        long serialBefore = serial();
        SimpleResolver resolver = udp();
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY_NAME,
                "not-the-secret-not-the-secret!!!".getBytes(StandardCharsets.US_ASCII)));
        Message reply = resolver.send(move(WEST));
        assertEquals(Rcode.NOTAUTH, reply.getRcode());
        assertNotNull(reply.getTSIG());
        assertEquals(Rcode.BADSIG, reply.getTSIG().getError());
        assertUnchanged(serialBefore);
    }

    @Test
    void anUnknownKeyNameIsNotauthBadkey() throws Exception {
        long serialBefore = serial();
        SimpleResolver resolver = udp();
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("someone-else.lab.internal."),
                secret()));
        Message reply = resolver.send(move(WEST));
        assertEquals(Rcode.NOTAUTH, reply.getRcode());
        assertEquals(Rcode.BADKEY, reply.getTSIG().getError());
        assertEquals(Name.fromConstantString("someone-else.lab.internal."), reply.getTSIG().getName());
        assertUnchanged(serialBefore);
    }

    @Test
    void aClockOutsideTheFudgeIsNotauthBadtime() throws Exception {
        long serialBefore = serial();
        SimpleResolver resolver = udp();
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY_NAME,
                new SecretKeySpec(Base64.getDecoder().decode(secret()), "HmacSHA256"), anHourAgo));
        Message reply = resolver.send(move(WEST));
        assertEquals(Rcode.NOTAUTH, reply.getRcode());
        assertEquals(Rcode.BADTIME, reply.getTSIG().getError());
        assertUnchanged(serialBefore);
    }

    @Test
    void aFailingPrerequisiteAppliesNoneOfTheUpdate() throws Exception {
        long serialBefore = serial();
        Update update = move(WEST);
        update.present(PRIMARY, Type.A); // primary.db holds a CNAME, not an A: NXRRSET
        Message reply = signed(tcp()).send(update);
        assertEquals(Rcode.NXRRSET, reply.getRcode());
        assertUnchanged(serialBefore);
    }

    @Test
    void deletingTheApexSoaAndNsIsIgnored() throws Exception {
        long serialBefore = serial();
        Update update = new Update(ORIGIN);
        update.delete(ORIGIN);
        update.delete(ORIGIN, Type.SOA);
        update.delete(ORIGIN, Type.NS);
        Message reply = signed(udp()).send(update);
        assertEquals(Rcode.NOERROR, reply.getRcode(), "RFC 2136 3.4.2.3: silently ignored, not an error");
        assertEquals(Rcode.NOERROR, query(udp(), "lab.internal.", Type.NS).getRcode());
        assertEquals(1, query(udp(), "lab.internal.", Type.NS).getSection(Section.ANSWER).size());
        assertUnchanged(serialBefore);
    }

    @Test
    void aNameOutsideTheZoneIsNotzone() throws Exception {
        long serialBefore = serial();
        Update update = new Update(ORIGIN);
        update.add(Name.fromConstantString("www.example.com."), Type.A, 30, "127.0.0.1");
        assertEquals(Rcode.NOTZONE, signed(udp()).send(update).getRcode());
        assertUnchanged(serialBefore);
    }

    @Test
    void anotherZoneIsNotauth() throws Exception {
        Update update = new Update(Name.fromConstantString("example.com."));
        update.add(Name.fromConstantString("www.example.com."), Type.A, 30, "127.0.0.1");
        assertEquals(Rcode.NOTAUTH, signed(udp()).send(update).getRcode());
    }

    @Test
    void theAuditNeedsTheTokenAndRecordsRefusals() throws Exception {
        udp().send(move(WEST));
        given().baseUri(base()).get("/admin/dns/updates").then().statusCode(401);
        List<String> rcodes = admin().get("/admin/dns/updates").then().statusCode(200).extract().path("updates.rcode");
        assertTrue(rcodes.contains("REFUSED"), rcodes.toString());
    }

    private void assertUnchanged(long serialBefore) throws Exception {
        assertEquals(EAST, primaryTarget());
        assertEquals(serialBefore, serial());
    }

    /** The orchestrator's failover: replace primary.db's CNAME in one atomic update. */
    private static Update move(String target) throws Exception {
        Update update = new Update(ORIGIN);
        update.delete(PRIMARY, Type.CNAME);
        update.add(PRIMARY, Type.CNAME, 5, target);
        return update;
    }

    private static SimpleResolver signed(SimpleResolver resolver) {
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY_NAME, secret()));
        return resolver;
    }

    private static String secret() {
        return ConfigProvider.getConfig().getValue("dns.tsig.secret", String.class);
    }

    private static String primaryTarget() throws Exception {
        List<Record> answer = query(udp(), PRIMARY.toString(), Type.CNAME).getSection(Section.ANSWER);
        return answer.get(0).rdataToString();
    }

    private static long serial() throws Exception {
        return ((SOARecord) query(tcp(), "lab.internal.", Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
    }

    private RequestSpecification admin() {
        return ManagementPort.admin(management);
    }

    private String base() {
        return ManagementPort.base(management);
    }
}
