package dev.outagelab.kit.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class FaultRegistryTest {

    private final MutableClock clock = new MutableClock();
    private double nextRandom = 0.0;
    private final FaultRegistry registry = new FaultRegistry(clock, () -> nextRandom);

    @Test
    void withoutFaultsEveryRequestPasses() {
        assertTrue(registry.decide(FaultTarget.APP).passes());
    }

    @Test
    void latenciesAddUp() {
        registry.inject(spec("{\"type\":\"latency\",\"latency\":\"100ms\"}"));
        registry.inject(spec("{\"type\":\"latency\",\"latency\":\"250ms\"}"));
        assertEquals(Duration.ofMillis(350), registry.decide(FaultTarget.APP).delay());
    }

    @Test
    void errorRatesCombineAsIndependentFailures() {
        registry.inject(spec("{\"type\":\"error\",\"rate\":0.5}"));
        registry.inject(spec("{\"type\":\"error\",\"rate\":0.5,\"status\":502}"));
        // pass probability 0.25: a draw of 0.24 passes, 0.25 fails with the first fault's status.
        nextRandom = 0.24;
        assertEquals(0, registry.decide(FaultTarget.APP).errorStatus());
        nextRandom = 0.25;
        assertEquals(503, registry.decide(FaultTarget.APP).errorStatus());
    }

    @Test
    void aHangWinsOverEveryOtherFault() {
        registry.inject(spec("{\"type\":\"latency\",\"latency\":\"1s\"}"));
        registry.inject(spec("{\"type\":\"hang\"}"));
        FaultDecision decision = registry.decide(FaultTarget.APP);
        assertTrue(decision.hang());
        assertEquals(Duration.ZERO, decision.delay());
    }

    @Test
    void managementTrafficSeesOnlyFaultsTargetingAll() {
        registry.inject(spec("{\"type\":\"hang\"}"));
        assertTrue(registry.decide(FaultTarget.ALL).passes());
        registry.inject(spec("{\"type\":\"latency\",\"latency\":\"5ms\",\"target\":\"all\"}"));
        assertEquals(Duration.ofMillis(5), registry.decide(FaultTarget.ALL).delay());
        assertFalse(registry.hanging(FaultTarget.ALL));
        assertTrue(registry.hanging(FaultTarget.APP));
    }

    @Test
    void faultsExpireAfterTheirDurationAndAnExpiringHangNotifiesListeners() {
        AtomicInteger hangEnded = new AtomicInteger();
        registry.onHangEnded(hangEnded::incrementAndGet);
        Fault hang = registry.inject(spec("{\"type\":\"hang\",\"duration\":\"2s\"}"));
        assertEquals(clock.instant().plusSeconds(2), hang.expiresAt().orElseThrow());
        clock.advance(Duration.ofMillis(1999));
        registry.pruneExpired();
        assertEquals(1, registry.active().size());
        assertEquals(0, hangEnded.get());
        clock.advance(Duration.ofMillis(1));
        registry.pruneExpired();
        assertTrue(registry.active().isEmpty());
        assertEquals(1, hangEnded.get());
    }

    @Test
    void clearingByIdRemovesOnlyThatFault() {
        Fault first = registry.inject(spec("{\"type\":\"hang\"}"));
        Fault second = registry.inject(spec("{\"type\":\"latency\",\"latency\":\"1ms\"}"));
        assertEquals(first, registry.clear(first.id()).orElseThrow());
        assertEquals(java.util.List.of(second), registry.active());
        assertTrue(registry.clear(first.id()).isEmpty());
        assertTrue(registry.clear("nonsense").isEmpty());
        assertEquals(1, registry.clearAll().size());
        assertTrue(registry.active().isEmpty());
    }

    private static FaultSpec spec(String json) {
        return FaultSpec.fromJson(new JsonObject(json));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
