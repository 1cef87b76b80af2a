package dev.outagelab.dbnode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.config.DbConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Retention settings that cannot work stop start-up with one message naming the key; 0 turns a limit off. */
class RetentionSettingsTest {

    private record Retention(Duration maxAge, MemorySize maxSize, Duration replicaUnseenTimeout)
            implements DbConfig.Retention {
    }

    private record Binlog(MemorySize segmentSize, Duration maintenanceInterval, Retention retention)
            implements DbConfig.Binlog {
    }

    private static MemorySize bytes(long value) {
        return new MemorySize(BigInteger.valueOf(value));
    }

    private static Binlog binlog(Duration maxAge, long maxSize, Duration unseen, Duration interval) {
        return new Binlog(bytes(64 << 20), interval, new Retention(maxAge, bytes(maxSize), unseen));
    }

    @Test
    void theDefaultsLimitByAgeOnlyAndZeroTurnsALimitOff() {
        RetentionPolicy defaults = MaintenanceScheduler.policy(
                binlog(Duration.ofHours(720), 0, Duration.ofHours(1), Duration.ofSeconds(30)));
        assertEquals(new RetentionPolicy(Optional.of(Duration.ofDays(30)), OptionalLong.empty(), Duration.ofHours(1)),
                defaults);

        RetentionPolicy bySize = MaintenanceScheduler.policy(
                binlog(Duration.ZERO, 1 << 30, Duration.ofHours(1), Duration.ofSeconds(30)));
        assertEquals(new RetentionPolicy(Optional.empty(), OptionalLong.of(1 << 30), Duration.ofHours(1)), bySize);
    }

    @Test
    void eachImpossibleSettingNamesItsKey() {
        refused(binlog(Duration.ofSeconds(-1), 0, Duration.ofHours(1), Duration.ofSeconds(30)),
                "db.binlog.retention.max-age");
        refused(binlog(Duration.ofHours(1), 0, Duration.ZERO, Duration.ofSeconds(30)),
                "db.binlog.retention.replica-unseen-timeout");
        refused(binlog(Duration.ofHours(1), 0, Duration.ofHours(1), Duration.ZERO), "db.binlog.maintenance-interval");
    }

    private static void refused(Binlog settings, String key) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceScheduler.policy(settings), key);
        assertTrue(refused.getMessage().startsWith(key), refused.getMessage());
    }
}
