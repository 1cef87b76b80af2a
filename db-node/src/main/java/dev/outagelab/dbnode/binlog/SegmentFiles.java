package dev.outagelab.dbnode.binlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names, lists and creates segment files ({@code binlog.000001}, {@code binlog.000002}, ...). Each segment starts
 * with an 8-byte header, {@code OLBINLG1}, so a stray file is never read as events and the format can evolve.
 */
final class SegmentFiles {

    static final byte[] HEADER = "OLBINLG1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = HEADER.length;

    private static final Pattern NAME = Pattern.compile("binlog\\.(\\d{6,})");

    private SegmentFiles() {
    }

    static String fileName(long segment) {
        return String.format("binlog.%06d", segment);
    }

    static Path path(Path directory, long segment) {
        return directory.resolve(fileName(segment));
    }

    /** The segment numbers present, in order; a gap means a file went missing, which we refuse to paper over. */
    static List<Long> list(Path directory) throws IOException {
        List<Long> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    segments.add(Long.parseLong(matcher.group(1)));
                }
            });
        }
        segments.sort(null);
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i) != segments.get(i - 1) + 1) {
                throw new BinlogCorruptedException(path(directory, segments.get(i - 1) + 1), 0,
                        "segment is missing between " + fileName(segments.get(i - 1)) + " and "
                                + fileName(segments.get(i)));
            }
        }
        return segments;
    }

    /**
     * Creates a segment holding only its header, durably: the file's bytes are forced, and so is the directory,
     * because on Linux a new file's name is not durable until its directory is fsync'd.
     */
    static FileChannel create(Path directory, long segment) throws IOException {
        FileChannel channel = FileChannel.open(path(directory, segment),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            writeHeader(channel);
            fsyncDirectory(directory);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static void writeHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(HEADER);
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        channel.force(false);
    }

    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
