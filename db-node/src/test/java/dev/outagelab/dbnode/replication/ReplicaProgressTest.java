package dev.outagelab.dbnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outagelab.dbnode.retention.ReplicaPin;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A replica pins the binlog while it streams and for a while after; one unseen longer stops pinning. */
class ReplicaProgressTest {

    private static final Duration UNSEEN = Duration.ofMinutes(10);
    private final UUID source = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");
    private final UUID replica = UUID.fromString("9b2f0000-0000-4000-8000-000000000001");
    private final Instant t0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void pinsWhileStreamingThenUntilUnseenForTooLong() {
        ReplicaProgress progress = new ReplicaProgress();
        progress.streamOpened(replica, "west0", GtidSet.range(source, 1, 5), t0);
        progress.reported(replica, GtidSet.range(source, 1, 9), t0.plusSeconds(1));

        List<ReplicaPin> streaming = progress.pins(t0.plus(Duration.ofDays(1)), UNSEEN);
        assertEquals(List.of(new ReplicaPin("west0 (" + replica + ")", GtidSet.range(source, 1, 9))), streaming,
                "a streaming replica pins however long ago it last reported");

        progress.streamClosed(replica, t0.plusSeconds(60));
        assertEquals(1, progress.pins(t0.plusSeconds(60).plus(UNSEEN), UNSEEN).size(), "still within the timeout");
        assertEquals(List.of(), progress.pins(t0.plusSeconds(61).plus(UNSEEN), UNSEEN), "unseen for too long");

        progress.reported(replica, GtidSet.range(source, 1, 12), t0.plus(Duration.ofHours(2)));
        assertEquals(GtidSet.range(source, 1, 12),
                progress.pins(t0.plus(Duration.ofHours(2)), UNSEEN).get(0).executed(), "seen again: pins again");
    }
}
