package dev.outagelab.kit.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class FaultSpecTest {

    @Test
    void aLatencyFaultReadsItsFieldsAndDefaultsToTheApplicationPort() {
        FaultSpec spec = parse("{\"type\":\"latency\",\"latency\":\"500ms\",\"duration\":\"PT30S\"}");
        assertEquals(FaultType.LATENCY, spec.type());
        assertEquals(FaultTarget.APP, spec.target());
        assertEquals(Duration.ofMillis(500), spec.latency());
        assertEquals(Optional.of(Duration.ofSeconds(30)), spec.duration());
    }

    @Test
    void anErrorFaultDefaultsTo503() {
        assertEquals(503, parse("{\"type\":\"error\",\"rate\":0.1}").status());
        assertEquals(500, parse("{\"type\":\"ERROR\",\"rate\":1,\"status\":500}").status());
    }

    @Test
    void theJsonFormRoundTrips() {
        FaultSpec spec = parse("{\"type\":\"error\",\"rate\":0.25,\"status\":502,\"target\":\"all\",\"duration\":\"2m\"}");
        assertEquals(spec, FaultSpec.fromJson(spec.toJson()));
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|'type'",
        "{\"type\":\"flood\"}|'type'",
        "{\"type\":\"latency\"}|'latency'",
        "{\"type\":\"latency\",\"latency\":\"0ms\"}|'latency'",
        "{\"type\":\"latency\",\"latency\":\"11m\"}|'latency'",
        "{\"type\":\"latency\",\"latency\":500}|'latency'",
        "{\"type\":\"latency\",\"latency\":\"5ms\",\"rate\":1}|'rate'",
        "{\"type\":\"error\"}|'rate'",
        "{\"type\":\"error\",\"rate\":0}|'rate'",
        "{\"type\":\"error\",\"rate\":\"half\"}|'rate'",
        "{\"type\":\"error\",\"rate\":1,\"status\":404}|'status'",
        "{\"type\":\"error\",\"rate\":1,\"status\":503.5}|'status'",
        "{\"type\":\"hang\",\"target\":\"db\"}|'target'",
        "{\"type\":\"hang\",\"duration\":\"25h\"}|'duration'",
        "{\"type\":\"hang\",\"duration\":\"soon\"}|'duration'",
        "{\"type\":\"crash\",\"target\":\"all\"}|crash",
    })
    void invalidRequestsAreRefusedWithAMessageNamingTheField(String json, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"250ms,PT0.25S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "PT2S,PT2S"})
    void durationsReadTheShortAndTheIsoForms(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    private static FaultSpec parse(String json) {
        return FaultSpec.fromJson(new JsonObject(json));
    }
}
