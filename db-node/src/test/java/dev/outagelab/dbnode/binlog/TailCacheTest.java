package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCacheTest {

    @TempDir
    Path dir;

    @Test
    void readsFromEveryPositionMatchTheFilesAcrossSegments() throws Exception {
        // Small segments, so the log rotates many times while the cache holds events from several of them.
        Map<BinlogPosition, List<LoggedEvent>> fromCache = new HashMap<>();
        try (Binlog binlog = Binlog.open(dir, 300)) {
            for (long seq = 1; seq <= 60; seq += 3) {
                binlog.append(Events.puts(seq, seq + 2));
            }
            assertTrue(binlog.segments() > 5, "the log rotated");
            for (LoggedEvent logged : read(binlog, binlog.start())) {
                fromCache.put(logged.position(), read(binlog, logged.position()));
                // The end of a segment's last event is a boundary too, before the next segment's header.
                fromCache.put(logged.next(), read(binlog, logged.next()));
            }
        }

        try (Binlog reopened = Binlog.open(dir, 300)) { // a new Binlog's cache is empty: these come from files
            List<LoggedEvent> fromFiles = read(reopened, reopened.start());
            assertEquals(60, fromFiles.size());
            for (int i = 0; i < fromFiles.size(); i++) {
                LoggedEvent logged = fromFiles.get(i);
                assertEquals(fromFiles.subList(i, fromFiles.size()), fromCache.get(logged.position()),
                        "reading from " + logged.position());
                assertEquals(fromFiles.subList(i + 1, fromFiles.size()), fromCache.get(logged.next()),
                        "reading from " + logged.next());
            }
        }
    }

    @Test
    void aPositionOlderThanTheCacheIsLeftToTheFiles() throws Exception {
        TailCache cache = new TailCache(4, 1 << 20);
        List<LoggedEvent> events = new ArrayList<>();
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(Events.puts(1, 10));
            binlog.forEachEvent(binlog.start(), events::add);
        }
        events.forEach(cache::add);

        assertEquals(Optional.of(events.subList(6, 10)), cache.from(events.get(6).position()));
        assertEquals(Optional.of(List.of()), cache.from(events.get(9).next()));
        assertEquals(Optional.empty(), cache.from(events.get(5).position()), "evicted: read the file");
        assertEquals(Optional.empty(), cache.from(new BinlogPosition(events.get(7).position().segment(),
                events.get(7).position().offset() + 1)), "not an event boundary");
    }

    @Test
    void isBoundedByBytes() throws Exception {
        List<LoggedEvent> events = new ArrayList<>();
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(Events.puts(1, 10));
            binlog.forEachEvent(binlog.start(), events::add);
        }
        long lastThree = events.get(9).next().offset() - events.get(7).position().offset();
        TailCache cache = new TailCache(100, lastThree);
        events.forEach(cache::add);

        assertEquals(Optional.of(events.subList(7, 10)), cache.from(events.get(7).position()));
        assertEquals(Optional.empty(), cache.from(events.get(6).position()));
    }

    private static List<LoggedEvent> read(Binlog binlog, BinlogPosition from) {
        List<LoggedEvent> events = new ArrayList<>();
        binlog.forEachEvent(from, events::add);
        return events;
    }
}
