package dev.outagelab.statuspage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TargetStateTest {

    private static final Target TARGET = new Target("db-node-east-0", "db-node", "east", URI.create("http://x:1/"));
    private static final Instant START = Instant.parse("2018-10-21T22:52:00Z");

    @Test
    void statusSinceMovesOnlyWhenUpOrDownFlips() {
        TargetState unknown = TargetState.unknown(TARGET, START);
        TargetState up = unknown.after(ProbeResult.up(START.plusSeconds(1), Duration.ofMillis(3)));
        TargetState stillUp = up.after(ProbeResult.up(START.plusSeconds(2), Duration.ofMillis(4)));
        TargetState down = stillUp.after(ProbeResult.down(ProbeOutcome.HTTP_ERROR, START.plusSeconds(3),
                Duration.ofMillis(5), "HTTP 503"));

        assertEquals(START.plusSeconds(1), up.statusSince());
        assertEquals(START.plusSeconds(1), stillUp.statusSince());
        assertEquals(START.plusSeconds(2), stillUp.lastCheckedAt());
        assertEquals(START.plusSeconds(3), down.statusSince());
        assertEquals("HTTP 503", down.reason());
        assertEquals(Duration.ofMillis(5), down.lastLatency());
    }

    @Test
    void componentIdsAreStableAndKeepInstanceAndGroupOfTheSameNameApart() {
        assertEquals(ComponentIds.instance("status-page"), ComponentIds.instance("status-page"));
        assertNotEquals(ComponentIds.instance("status-page"), ComponentIds.group("status-page"));
        assertEquals(12, ComponentIds.group("db-node").length());
    }
}
