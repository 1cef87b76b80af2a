package dev.outagelab.lab.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outagelab.lab.http.Json;
import dev.outagelab.lab.local.Desired;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.Phase;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusJsonTest {

    private static InstanceRecord record(Long pid, Phase phase, boolean wasReady, Integer dnsPort) {
        return new InstanceRecord("dns-resolver-0", "dns-resolver", "east", pid, "2025-01-01T00:00:00Z", 1, 137,
                phase == Phase.STOPPED ? Desired.STOPPED : Desired.RUNNING, phase, wasReady, 8083, 9003, dnsPort);
    }

    @Test
    void anEntryHasTheDocumentedFields() throws Exception {
        StatusEntry entry = StatusCollector.entry(record(4242L, Phase.RUNNING, true, 15353), 4242L, InstanceState.READY);
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(List.of(entry))).get(0);
        assertEquals(Set.of("name", "component", "region", "pid", "state", "restarts", "urls"), fieldNames(json));
        assertEquals("dns-resolver-0", json.get("name").asText());
        assertEquals("dns-resolver", json.get("component").asText());
        assertEquals("east", json.get("region").asText());
        assertEquals(4242, json.get("pid").asLong());
        assertEquals("ready", json.get("state").asText());
        assertEquals(1, json.get("restarts").asInt());
        assertEquals("http://127.0.0.1:8083", json.at("/urls/app").asText());
        assertEquals("http://127.0.0.1:9003", json.at("/urls/management").asText());
        assertEquals("127.0.0.1:15353", json.at("/urls/dns").asText());
    }

    @Test
    void pidIsNullAndDnsAbsentWhenNotRunningANonResolver() throws Exception {
        StatusEntry entry = StatusCollector.entry(record(null, Phase.STOPPED, false, null), null, InstanceState.STOPPED);
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(entry));
        assertTrue(json.get("pid").isNull());
        assertEquals("stopped", json.get("state").asText());
        assertFalse(json.get("urls").has("dns"));
    }

    @Test
    void stateComesFromThePhaseAndTheProbe() {
        assertEquals(InstanceState.READY, InstanceState.of(record(1L, Phase.RUNNING, false, null), true));
        assertEquals(InstanceState.STARTING, InstanceState.of(record(1L, Phase.RUNNING, false, null), false));
        assertEquals(InstanceState.UNREADY, InstanceState.of(record(1L, Phase.RUNNING, true, null), false));
        assertEquals(InstanceState.STOPPED, InstanceState.of(record(null, Phase.STOPPED, false, null), false));
        assertEquals(InstanceState.RESTARTING, InstanceState.of(record(null, Phase.RESTARTING, false, null), false));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
