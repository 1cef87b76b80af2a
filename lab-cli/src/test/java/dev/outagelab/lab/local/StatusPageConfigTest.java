package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Topology;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatusPageConfigTest {

    @Test
    void listsEveryInstanceIncludingTheStatusPageWithOffsetHealthUrls() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(StatusPageConfig.render(Topology.standard(), 100)));
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
}
