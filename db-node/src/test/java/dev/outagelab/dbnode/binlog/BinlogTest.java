package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.kit.gtid.Gtid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinlogTest {

    @TempDir
    Path dir;

    @Test
    void eventsRoundTripThroughAReopen() throws Exception {
        List<BinlogEvent> written = new ArrayList<>(Events.puts(1, 3));
        written.add(BinlogEvent.delete(new Gtid(Events.SERVER, 4), 42L, "key-2"));
        written.add(BinlogEvent.put(new Gtid(Events.SERVER, 5), 43L, "ключ/🔑", new byte[] {0, -1, 7}));
        written.add(BinlogEvent.put(new Gtid(Events.SERVER, 6), 44L, "empty", new byte[0]));
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(written.subList(0, 2));
            binlog.append(written.subList(2, written.size()));
            assertEquals(written, Events.readAll(binlog));
        }

        try (Binlog reopened = Binlog.open(dir)) {
            assertEquals(written, Events.readAll(reopened));
            assertEquals(written.size(), reopened.recovery().events());
            assertTrue(reopened.recovery().truncatedTail().isEmpty());
        }
    }

    @Test
    void appendsAfterReopenFollowTheOldEvents() throws Exception {
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(Events.puts(1, 2));
        }
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(Events.puts(3, 4));
        }

        try (Binlog binlog = Binlog.open(dir)) {
            assertEquals(Events.puts(1, 4), Events.readAll(binlog));
        }
    }

    @Test
    void appendReturnsThePositionAfterItsLastEvent() throws Exception {
        BinlogPosition end;
        try (Binlog binlog = Binlog.open(dir)) {
            AppendResult first = binlog.append(Events.puts(1, 2));
            binlog.append(Events.puts(3, 3));

            List<BinlogEvent> fromFirstEnd = new ArrayList<>();
            binlog.forEachEvent(first.end(), logged -> fromFirstEnd.add(logged.event()));

            assertEquals(Events.puts(3, 3), fromFirstEnd);
            end = binlog.end();
            assertTrue(Files.size(dir.resolve("binlog.000001")) >= end.offset(), "grown ahead in zero-filled chunks");
        }
        assertEquals(Files.size(dir.resolve("binlog.000001")), end.offset(), "closing trims the file to its log");
    }

    @Test
    void readingResumesFromAnyEventsNextPosition() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 300)) {
            binlog.append(Events.puts(1, 20));
            List<LoggedEvent> all = new ArrayList<>();
            binlog.forEachEvent(all::add);

            for (int i = 0; i < all.size(); i++) {
                List<BinlogEvent> rest = new ArrayList<>();
                binlog.forEachEvent(all.get(i).next(), logged -> rest.add(logged.event()));
                assertEquals(Events.puts(i + 2, 20), rest, "resuming after event " + (i + 1));
            }
        }
    }

    @Test
    void rotatesToANewSegmentOnceTheCurrentOneIsFull() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 256)) {
            for (long seq = 1; seq <= 30; seq++) {
                binlog.append(List.of(Events.put(seq)));
            }
            assertTrue(binlog.end().segment() > 3, "expected several segments, ended at " + binlog.end());
        }
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.sorted().toList();
        }
        for (Path segment : segments.subList(0, segments.size() - 1)) {
            // A segment is closed at the first event boundary at or past the limit, so it overshoots by < 1 event.
            long size = Files.size(segment);
            assertTrue(size >= 256 && size < 256 + 100, segment + " has " + size + " bytes");
        }

        try (Binlog reopened = Binlog.open(dir, 256)) {
            assertEquals(Events.puts(1, 30), Events.readAll(reopened));
            assertEquals(segments.size(), reopened.recovery().segments());
        }
    }

    @Test
    void oneBatchMaySpanSegments() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 25));
            assertTrue(binlog.end().segment() > 1);
        }
        try (Binlog reopened = Binlog.open(dir, 200)) {
            assertEquals(Events.puts(1, 25), Events.readAll(reopened));
        }
    }

    @Test
    void refusesAnEventLargerThanTheFormatAllows() throws Exception {
        byte[] huge = new byte[EventCodec.MAX_BODY_BYTES];
        BinlogEvent event = BinlogEvent.put(new Gtid(Events.SERVER, 1), 1L, "big", huge);
        try (Binlog binlog = Binlog.open(dir)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> binlog.append(List.of(event)));
            assertTrue(error.getMessage().contains("at most"), error.getMessage());
            // A refused event must not poison the log for the writes after it.
            binlog.append(Events.puts(1, 1));
            assertEquals(Events.puts(1, 1), Events.readAll(binlog));
        }
    }

    @Test
    void codecRoundTripsAnEvent() {
        BinlogEvent event = BinlogEvent.put(new Gtid(Events.SERVER, 9), 123L, "k", "v".getBytes(StandardCharsets.UTF_8));
        byte[] frame = EventCodec.encode(event).array();
        byte[] body = Arrays.copyOfRange(frame, EventCodec.FRAME_HEADER_BYTES, frame.length);

        assertEquals(event, EventCodec.decodeBody(body));
    }
}
