package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.tcp;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.outagelab.dnsresolver.forward.FakeUpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Names outside lab.internal go through the running instance to an upstream on loopback; TTL expiry, negative
 * caching and serve-stale are tested on a fake clock in {@code ForwarderTest}.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreamResource.class, scope = TestResourceScope.GLOBAL)
class DnsForwardingTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void outsideNamesAreForwardedOverUdpAndTcpAndThenCached() throws Exception {
        for (Message response : new Message[] {query(udp(), FakeUpstreamResource.WWW.toString(), Type.A),
                query(tcp(), FakeUpstreamResource.WWW.toString(), Type.A)}) {
            assertEquals(Rcode.NOERROR, response.getRcode());
            assertTrue(response.getHeader().getFlag(Flags.RA), "recursion available");
            assertFalse(response.getHeader().getFlag(Flags.AA), "not our zone");
            assertEquals("192.0.2.7",
                    ((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        }
        given().baseUri(ManagementPort.base(management)).get("/q/metrics").then().statusCode(200)
                .body(containsString("dns_cache_lookups_total{result=\"hit\"}"))
                .body(containsString("dns_cache_hit_ratio"));
    }

    @Test
    void anUnknownOutsideNameIsNxdomainFromUpstreamAndOurZoneStaysAuthoritative() throws Exception {
        Message missing = query(udp(), "example.com.", Type.A);
        assertEquals(Rcode.NXDOMAIN, missing.getRcode());
        assertEquals(Type.SOA, missing.getSection(Section.AUTHORITY).get(0).getType());
        Message ours = query(udp(), "origin.news.lab.internal.", Type.A);
        assertTrue(ours.getHeader().getFlag(Flags.AA));
    }

    @Test
    void aCnameOfOursLeavingTheZoneIsChasedThroughTheUpstreamOverUdpAndTcp() throws Exception {
        for (Message response : new Message[] {query(udp(), "external.lab.internal.", Type.A),
                query(tcp(), "external.lab.internal.", Type.A)}) {
            assertEquals(Rcode.NOERROR, response.getRcode());
            assertTrue(response.getHeader().getFlag(Flags.AA), "the name asked is ours");
            assertTrue(response.getHeader().getFlag(Flags.RA), "the rest was recursion");
            List<Record> answer = response.getSection(Section.ANSWER);
            assertEquals(2, answer.size(), answer.toString());
            assertEquals(FakeUpstreamResource.WWW, ((CNAMERecord) answer.get(0)).getTarget());
            assertEquals(FakeUpstreamResource.WWW, answer.get(1).getName());
            assertEquals("192.0.2.7", ((ARecord) answer.get(1)).getAddress().getHostAddress());
        }
        Message cnameOnly = query(udp(), "external.lab.internal.", Type.CNAME);
        assertEquals(1, cnameOnly.getSection(Section.ANSWER).size(), "asked for the CNAME: nothing chased");
    }
}
