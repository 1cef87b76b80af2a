package dev.outagelab.dbnode.retention;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When old binlog segments may go: older than {@code maxAge} (by the time they were last written, as MySQL's
 * {@code binlog_expire_logs_seconds}), or while the log is larger than {@code maxSizeBytes}; either may be off.
 * A replica not seen for {@code replicaUnseenTimeout} no longer holds segments back.
 */
public record RetentionPolicy(Optional<Duration> maxAge, OptionalLong maxSizeBytes, Duration replicaUnseenTimeout) {

    public boolean purgesAnything() {
        return maxAge.isPresent() || maxSizeBytes.isPresent();
    }
}
