package dev.outagelab.dnsresolver.server;

import static dev.outagelab.dnsresolver.server.DnsClient.query;
import static dev.outagelab.dnsresolver.server.DnsClient.tcp;
import static dev.outagelab.dnsresolver.server.DnsClient.udp;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The kit's fault API, injected over HTTP on the management port, reaches DNS queries too. */
@QuarkusTest
class DnsFaultsTest {

    private static final String ORIGIN = "origin.news.lab.internal.";

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void clearFaults() {
        admin().delete("/admin/faults").then().statusCode(200);
    }

    @Test
    void anErrorFaultMakesQueriesServfailAndClearingItRestoresAnswers() throws Exception {
        String id = inject("{\"type\":\"error\",\"rate\":1}");
        assertEquals(Rcode.SERVFAIL, query(udp(), ORIGIN, Type.A).getRcode());
        assertEquals(Rcode.SERVFAIL, query(tcp(), ORIGIN, Type.A).getRcode());
        admin().delete("/admin/faults/" + id).then().statusCode(200);
        assertEquals(Rcode.NOERROR, query(udp(), ORIGIN, Type.A).getRcode());
        assertEquals(Rcode.NOERROR, query(tcp(), ORIGIN, Type.A).getRcode());
    }

    @Test
    void aLatencyFaultDelaysAnswers() throws Exception {
        inject("{\"type\":\"latency\",\"latency\":\"700ms\"}");
        long start = System.nanoTime();
        assertEquals(Rcode.NOERROR, query(udp(), ORIGIN, Type.A).getRcode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 700, "the answer waited for the fault");
    }

    @Test
    void aHangFaultLeavesQueriesUnansweredUntilCleared() throws Exception {
        String id = inject("{\"type\":\"hang\"}");
        SimpleResolver impatient = udp();
        impatient.setTimeout(Duration.ofMillis(500));
        assertThrows(IOException.class, () -> query(impatient, ORIGIN, Type.A), "a hung resolver never answers");
        admin().delete("/admin/faults/" + id).then().statusCode(200);
        assertEquals(Rcode.NOERROR, query(udp(), ORIGIN, Type.A).getRcode());
    }

    @Test
    void anAppFaultLeavesReadinessUpBecauseTheSelfQueryIsAProbe() {
        inject("{\"type\":\"error\",\"rate\":1}");
        given().baseUri(base()).get("/q/health/ready").then().statusCode(200);
    }

    private String inject(String body) {
        return admin().contentType(ContentType.JSON).body(body).post("/admin/faults").then().statusCode(201)
                .extract().path("id");
    }

    private RequestSpecification admin() {
        return ManagementPort.admin(management);
    }

    private String base() {
        return ManagementPort.base(management);
    }
}
