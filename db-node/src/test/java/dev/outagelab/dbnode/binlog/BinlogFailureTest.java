package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness reads {@link Binlog#failure()}; a failing commit (here, its durable listener) must show up there. */
class BinlogFailureTest {

    @TempDir
    Path dir;

    @Test
    void aHealthyLogReportsNoFailureAndCountsItsSegments() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 10));

            assertEquals(Optional.empty(), binlog.failure());
            assertTrue(binlog.segments() > 1, "200-byte segments rotate: " + binlog.segments());
        }
    }

    @Test
    void aFailedCommitIsReportedAndRefusesLaterWrites() throws Exception {
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.onDurable(event -> {
                throw new IllegalStateException("simulated failure after the write");
            });

            assertThrows(IllegalStateException.class, () -> binlog.append(List.of(Events.put(1))));

            assertTrue(binlog.failure().orElseThrow().getMessage().contains("simulated failure"));
            assertThrows(IllegalStateException.class, () -> binlog.append(List.of(Events.put(2))));
        }
    }
}
