package dev.outagelab.statuspage.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.FakeTarget;
import dev.outagelab.statuspage.core.ProbeOutcome;
import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.Target;

class HttpProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private final HttpProbe probe = new HttpProbe(TIMEOUT, Clock.systemUTC());

    private ProbeResult probe(String url) throws Exception {
        return probe.probe(new Target("t", "db-node", "east", URI.create(url))).get(5, TimeUnit.SECONDS);
    }

    @Test
    void answer200IsUpWithNoReason() throws Exception {
        try (FakeTarget fake = new FakeTarget(200)) {
            ProbeResult result = probe(fake.healthUrl());
            assertEquals(ProbeOutcome.UP, result.outcome());
            assertNull(result.reason());
            assertTrue(result.latency().compareTo(TIMEOUT) < 0, "latency " + result.latency());
        }
    }

    @Test
    void anyOtherStatusIsDownWithTheCode() throws Exception {
        try (FakeTarget fake = new FakeTarget(503)) {
            ProbeResult result = probe(fake.healthUrl());
            assertEquals(ProbeOutcome.HTTP_ERROR, result.outcome());
            assertEquals("HTTP 503", result.reason());
        }
    }

    @Test
    void hangIsDownAfterTheTimeoutWithItsLatencyMeasured() throws Exception {
        try (FakeTarget fake = new FakeTarget(FakeTarget.HANG)) {
            ProbeResult result = probe(fake.healthUrl());
            assertEquals(ProbeOutcome.TIMEOUT, result.outcome());
            assertEquals("timeout after 300ms", result.reason());
            assertTrue(result.latency().compareTo(TIMEOUT) >= 0, "latency " + result.latency());
        }
    }

    @Test
    void closedPortIsConnectionRefused() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProbeResult result = probe("http://127.0.0.1:" + port + "/q/health/ready");
        assertEquals(ProbeOutcome.REFUSED, result.outcome());
        assertEquals("connection refused", result.reason());
    }
}
