package dev.outagelab.dbnode.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinlogRecoveryTest {

    @TempDir
    Path dir;

    private Path firstSegment() {
        return dir.resolve("binlog.000001");
    }

    /** Writes events 1..count and returns where each one starts. */
    private List<BinlogPosition> writeEvents(int count) throws IOException {
        List<BinlogPosition> starts = new ArrayList<>();
        try (Binlog binlog = Binlog.open(dir)) {
            binlog.append(Events.puts(1, count));
            binlog.forEachEvent(logged -> starts.add(logged.position()));
        }
        return starts;
    }

    private static void chop(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            channel.write(one, offset);
        }
    }

    // 1 byte: a short body; frame minus 4: still a short body; frame-sized chops leave a short header.
    @ParameterizedTest
    @ValueSource(longs = {1, 5, 20, 53})
    void tornTailIsTruncatedAndEarlierEventsSurvive(long bytesChopped) throws Exception {
        List<BinlogPosition> starts = writeEvents(5);
        chop(firstSegment(), bytesChopped);
        long choppedSize = Files.size(firstSegment());

        try (Binlog binlog = Binlog.open(dir)) {
            assertEquals(Events.puts(1, 4), Events.readAll(binlog));
            TruncatedTail tail = binlog.recovery().truncatedTail().orElseThrow();
            assertEquals(starts.get(4).offset(), tail.offset());
            assertEquals(choppedSize - starts.get(4).offset(), tail.bytesRemoved());
            assertEquals(starts.get(4).offset(), Files.size(firstSegment()));
            assertTrue(Files.size(firstSegment()) < choppedSize);

            // The log goes on from the cut: the next append lands where the torn event was.
            binlog.append(Events.puts(5, 5));
        }
        try (Binlog binlog = Binlog.open(dir)) {
            assertEquals(Events.puts(1, 5), Events.readAll(binlog));
            assertTrue(binlog.recovery().truncatedTail().isEmpty());
        }
    }

    @Test
    void badChecksumOnTheLastEventIsATornTail() throws Exception {
        List<BinlogPosition> starts = writeEvents(3);
        flipByte(firstSegment(), Files.size(firstSegment()) - 1);

        try (Binlog binlog = Binlog.open(dir)) {
            assertEquals(Events.puts(1, 2), Events.readAll(binlog));
            assertEquals(starts.get(2).offset(), Files.size(firstSegment()));
            assertTrue(binlog.recovery().truncatedTail().orElseThrow().reason().contains("checksum"));
        }
    }

    @Test
    void zeroFilledTailIsATornTail() throws Exception {
        writeEvents(3);
        long size = Files.size(firstSegment());
        try (FileChannel channel = FileChannel.open(firstSegment(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(100), size);
        }

        try (Binlog binlog = Binlog.open(dir)) {
            assertEquals(Events.puts(1, 3), Events.readAll(binlog));
            assertEquals(size, Files.size(firstSegment()));
            assertEquals(100, binlog.recovery().truncatedTail().orElseThrow().bytesRemoved());
        }
    }

    /** The first segment as a crash leaves it: copied while the log is open, zero-filled space included. */
    private BinlogPosition crashAfter(int events, Path crashed) throws IOException {
        Path live = dir.resolve("live");
        try (Binlog binlog = Binlog.open(live)) {
            binlog.append(Events.puts(1, events));
            Files.createDirectories(crashed);
            Files.copy(live.resolve("binlog.000001"), crashed.resolve("binlog.000001"));
            return binlog.end();
        }
    }

    @Test
    void theZeroFilledSpaceACrashLeavesIsTrimmed() throws Exception {
        Path crashed = dir.resolve("crashed");
        BinlogPosition end = crashAfter(3, crashed);
        Path segment = crashed.resolve("binlog.000001");
        assertTrue(Files.size(segment) > end.offset(), "the file was grown ahead of the log");

        try (Binlog binlog = Binlog.open(crashed)) {
            assertEquals(Events.puts(1, 3), Events.readAll(binlog));
            assertEquals(end, binlog.end());
            assertEquals(end.offset(), Files.size(segment));
            assertTrue(binlog.recovery().truncatedTail().orElseThrow().reason().contains("zero-filled"));
            binlog.append(Events.puts(4, 4));
        }
        try (Binlog binlog = Binlog.open(crashed)) {
            assertEquals(Events.puts(1, 4), Events.readAll(binlog));
        }
    }

    @Test
    void aFrameTornInTheZeroFilledSpaceIsATornTail() throws Exception {
        Path crashed = dir.resolve("crashed");
        BinlogPosition end = crashAfter(3, crashed);
        // A power cut in the middle of the next write: its header and part of its body landed, the rest is zeros.
        ByteBuffer frame = EventCodec.encode(Events.put(4));
        frame.limit(frame.limit() - 10);
        try (FileChannel channel = FileChannel.open(crashed.resolve("binlog.000001"), StandardOpenOption.WRITE)) {
            channel.write(frame, end.offset());
        }

        try (Binlog binlog = Binlog.open(crashed)) {
            assertEquals(Events.puts(1, 3), Events.readAll(binlog));
            assertEquals(end.offset(), binlog.recovery().truncatedTail().orElseThrow().offset());
        }
    }

    @Test
    void corruptionBeforeTheTailStopsOpeningAndChangesNothing() throws Exception {
        List<BinlogPosition> starts = writeEvents(5);
        long damaged = starts.get(1).offset() + EventCodec.FRAME_HEADER_BYTES + 20;
        flipByte(firstSegment(), damaged);
        byte[] before = Files.readAllBytes(firstSegment());

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir));

        assertEquals(firstSegment(), error.file());
        assertEquals(starts.get(1).offset(), error.offset());
        assertTrue(error.getMessage().contains("binlog.000001"), error.getMessage());
        assertTrue(error.getMessage().contains("offset " + starts.get(1).offset()), error.getMessage());
        assertTrue(error.getMessage().contains("checksum"), error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(firstSegment()));
    }

    @Test
    void impossibleLengthBeforeTheTailIsCorruption() throws Exception {
        List<BinlogPosition> starts = writeEvents(3);
        // The high byte of the second event's length field: a length no writer ever produces.
        flipByte(firstSegment(), starts.get(1).offset());
        byte[] before = Files.readAllBytes(firstSegment());

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir));

        assertEquals(starts.get(1).offset(), error.offset());
        assertArrayEquals(before, Files.readAllBytes(firstSegment()));
    }

    @Test
    void tornEndOfAnEarlierSegmentIsCorruptionNotATail() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 12));
            assertTrue(binlog.end().segment() >= 2);
        }
        chop(firstSegment(), 3);
        long size = Files.size(firstSegment());

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir, 200));

        assertEquals(firstSegment(), error.file());
        assertTrue(error.getMessage().contains("later segment"), error.getMessage());
        assertEquals(size, Files.size(firstSegment()));
    }

    @Test
    void corruptionInAnEarlierSegmentNamesThatSegment() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 12));
        }
        flipByte(firstSegment(), SegmentFiles.HEADER_BYTES + EventCodec.FRAME_HEADER_BYTES + 3);

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir, 200));

        assertEquals(firstSegment(), error.file());
        assertEquals(SegmentFiles.HEADER_BYTES, error.offset());
    }

    @Test
    void aMissingSegmentStopsOpening() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 20));
            assertTrue(binlog.end().segment() >= 3);
        }
        Files.delete(dir.resolve("binlog.000002"));

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir, 200));

        assertTrue(error.getMessage().contains("binlog.000002"), error.getMessage());
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws Exception {
        Files.write(firstSegment(), "hello, I am not a binlog".getBytes(StandardCharsets.US_ASCII));

        BinlogCorruptedException error = assertThrows(BinlogCorruptedException.class, () -> Binlog.open(dir));

        assertEquals(0, error.offset());
    }

    @Test
    void aLastSegmentWithAShortHeaderIsReset() throws Exception {
        try (Binlog binlog = Binlog.open(dir, 200)) {
            binlog.append(Events.puts(1, 12));
        }
        long lastSegment;
        try (var files = Files.list(dir)) {
            lastSegment = files.count();
        }
        // As if the crash came between creating the next segment and writing its header.
        Path next = SegmentFiles.path(dir, lastSegment + 1);
        Files.write(next, new byte[] {'O', 'L', 'B'});

        try (Binlog binlog = Binlog.open(dir, 200)) {
            assertEquals(Events.puts(1, 12), Events.readAll(binlog));
            assertEquals(SegmentFiles.HEADER_BYTES, Files.size(next));
            binlog.append(Events.puts(13, 13));
            assertEquals(Events.puts(1, 13), Events.readAll(binlog));
        }
    }
}
