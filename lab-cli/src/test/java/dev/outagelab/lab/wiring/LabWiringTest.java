package dev.outagelab.lab.wiring;

import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabWiringTest {

    private final LabLayout lab = new LabLayout(Topology.standard(), 100);

    private Properties settingsOf(String instance) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(LabWiring.settingsFor(lab.instance(instance), lab).render()));
        return p;
    }

    @Test
    void theStatusPageProbesEveryInstanceIncludingItselfAtOffsetPorts() throws IOException {
        Properties p = settingsOf("status-page");
        assertEquals("1s", p.getProperty("status.probe.interval"));
        assertEquals("800ms", p.getProperty("status.probe.timeout"));
        assertEquals("status-page", p.getProperty("status.targets[0].name"));
        assertEquals("http://127.0.0.1:9100/q/health/ready", p.getProperty("status.targets[0].health-url"));
        assertEquals("db-node-east-0", p.getProperty("status.targets[7].name"));
        assertEquals("db-node", p.getProperty("status.targets[7].component"));
        assertEquals("east", p.getProperty("status.targets[7].region"));
        assertEquals("http://127.0.0.1:9107/q/health/ready", p.getProperty("status.targets[7].health-url"));
        assertEquals("orchestrator-cloud", p.getProperty("status.targets[12].name"));
        assertNull(p.getProperty("status.targets[13].name"));
    }

    @Test
    void dbNodeEast0StartsPrimaryAndTheOthersReplicateFromItsAppPort() throws IOException {
        Properties primary = settingsOf("db-node-east-0");
        assertEquals("primary", primary.getProperty("db.role"));
        assertNull(primary.getProperty("db.source"));
        assertEquals("http://127.0.0.1:8187", primary.getProperty("db.advertise-url"));
        for (String replica : new String[] {"db-node-east-1", "db-node-west-0"}) {
            Properties p = settingsOf(replica);
            assertEquals("replica", p.getProperty("db.role"), replica);
            assertEquals("http://127.0.0.1:8187", p.getProperty("db.source"), replica);
        }
        assertEquals("http://127.0.0.1:8189", settingsOf("db-node-west-0").getProperty("db.advertise-url"));
    }

    @Test
    void resolverAddressesAreTheFleetsDnsPortsInOrder() {
        assertEquals("127.0.0.1:15453,127.0.0.1:15454,127.0.0.1:15455,127.0.0.1:15456", lab.dnsServers());
    }

    @Test
    void aKeySetTwiceIsAWiringBug() {
        InstanceSettings settings = new InstanceSettings().put("a.b", 1);
        assertThrows(IllegalStateException.class, () -> settings.put("a.b", 2));
    }

    @Test
    void valuesAreEscapedSoTheFileReadsBackExactly() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new InstanceSettings().put("k", "a\\b\nc").render()));
        assertEquals("a\\b\nc", p.getProperty("k"));
    }
}
