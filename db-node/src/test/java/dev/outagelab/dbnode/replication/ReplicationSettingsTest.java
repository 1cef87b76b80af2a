package dev.outagelab.dbnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.config.DbConfig;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings that cannot work stop start-up with one message naming the key. */
class ReplicationSettingsTest {

    private record Settings(Duration heartbeatInterval, Duration netTimeout, Duration connectTimeout,
            Duration retryInitial, Duration retryMax) implements DbConfig.Replication {
    }

    private static Settings defaults() {
        return new Settings(Duration.ofMillis(250), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    @Test
    void theDefaultsAreAccepted() {
        ReplicationClient.Settings settings = ReplicationBeans.settings(defaults());

        assertEquals(Duration.ofSeconds(3), settings.netTimeout());
    }

    @Test
    void eachImpossibleSettingNamesItsKey() {
        Settings base = defaults();
        refused(new Settings(Duration.ofMillis(600), base.netTimeout(), base.connectTimeout(), base.retryInitial(),
                base.retryMax()), "db.replication.heartbeat-interval");
        refused(new Settings(Duration.ZERO, base.netTimeout(), base.connectTimeout(), base.retryInitial(),
                base.retryMax()), "db.replication.heartbeat-interval");
        refused(new Settings(base.heartbeatInterval(), Duration.ofMillis(400), base.connectTimeout(),
                base.retryInitial(), base.retryMax()), "db.replication.net-timeout");
        refused(new Settings(base.heartbeatInterval(), base.netTimeout(), Duration.ZERO, base.retryInitial(),
                base.retryMax()), "db.replication.connect-timeout");
        refused(new Settings(base.heartbeatInterval(), base.netTimeout(), base.connectTimeout(), Duration.ofSeconds(5),
                Duration.ofSeconds(2)), "db.replication.retry-max");
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> new SemiSyncGate(true, Duration.ZERO, () -> GtidSet.EMPTY, Clock.systemUTC()));
        assertTrue(timeout.getMessage().contains("db.semi-sync.timeout"), timeout.getMessage());
    }

    private static void refused(Settings settings, String key) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ReplicationBeans.settings(settings), key);
        assertTrue(refused.getMessage().startsWith(key), refused.getMessage());
    }
}
