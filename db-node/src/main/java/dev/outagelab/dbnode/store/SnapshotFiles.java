package dev.outagelab.dbnode.store;

import dev.outagelab.dbnode.binlog.AtomicFile;
import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.kit.gtid.GtidSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Snapshot files in {@code <data>/snapshots/}, named by the binlog position they stand at
 * ({@code snapshot.000003.000000012345}), each replaced atomically (see {@link AtomicFile}). The newest
 * {@link #KEEP} are kept, so one damaged file costs a longer start-up, not the data. Format, big-endian:
 *
 * <pre>
 * "OLSNAP01" | segment i64 | offset i64 | executed-length u32 | executed (GTID set text, US-ASCII)
 *   | entries i64 | (key-length u32 | key UTF-8 | value-length u32 | value)* | crc32c(everything before) u32
 * </pre>
 */
public final class SnapshotFiles {

    /** Snapshots kept; retention never purges binlog the oldest of them needs. */
    public static final int KEEP = 2;

    private static final byte[] MAGIC = "OLSNAP01".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d{6,})\\.(\\d{12,})");
    private static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;

    /** A snapshot file that cannot be used, and why. */
    public static final class DamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedException(Path file, String reason) {
            super("snapshot " + file + " is unusable: " + reason);
        }
    }

    private final Path directory;

    public SnapshotFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    static String fileName(BinlogPosition position) {
        return String.format("snapshot.%06d.%012d", position.segment(), position.offset());
    }

    /** Writes the snapshot durably, then deletes all but the newest {@link #KEEP}. */
    public Path write(Snapshot snapshot) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(snapshot.position()));
        AtomicFile.replace(file, raw -> {
            CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 64 * 1024),
                    new CRC32C());
            DataOutputStream out = new DataOutputStream(checked);
            out.write(MAGIC);
            out.writeLong(snapshot.position().segment());
            out.writeLong(snapshot.position().offset());
            writeBytes(out, snapshot.executed().toString().getBytes(StandardCharsets.US_ASCII));
            out.writeLong(snapshot.values().size());
            for (var entry : snapshot.values().entrySet()) {
                writeBytes(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, entry.getValue());
            }
            out.writeInt((int) checked.getChecksum().getValue());
            out.flush();
        });
        List<Path> all = newestFirst();
        for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
        return file;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** The snapshot files present, newest (highest position) first. */
    public List<Path> newestFirst() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(file -> NAME.matcher(file.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort(Comparator.comparing(SnapshotFiles::positionOf).reversed());
        return files;
    }

    /** The position a snapshot file stands at, from its name. */
    public static BinlogPosition positionOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a snapshot file name: " + file);
        }
        return new BinlogPosition(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }

    /** Reads and checks a snapshot; any damage (a bad checksum, a short file, a mismatched name) is refused. */
    public Snapshot read(Path file) throws IOException {
        long size = Files.size(file);
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(file)) {
            // The checksum covers everything read through `checked`; the stored value is read past it, from `buffered`.
            BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
            CheckedInputStream checked = new CheckedInputStream(buffered, crc);
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DamagedException(file, "not a snapshot (bad header)");
            }
            BinlogPosition position = new BinlogPosition(in.readLong(), in.readLong());
            if (!position.equals(positionOf(file))) {
                throw new DamagedException(file, "holds position " + position + ", not the one its name says");
            }
            GtidSet executed = GtidSet.parse(new String(readBytes(in, size), StandardCharsets.US_ASCII));
            long entries = in.readLong();
            if (entries < 0 || entries > size) {
                throw new DamagedException(file, "impossible entry count " + entries);
            }
            TreeMap<String, byte[]> values = new TreeMap<>();
            for (long i = 0; i < entries; i++) {
                values.put(new String(readBytes(in, size), StandardCharsets.UTF_8), readBytes(in, size));
            }
            int expected = (int) crc.getValue();
            int stored = new DataInputStream(buffered).readInt();
            if (stored != expected || buffered.read() != -1) {
                throw new DamagedException(file, stored != expected ? "checksum mismatch" : "data after the checksum");
            }
            return new Snapshot(position, executed, values);
        } catch (EOFException e) {
            throw new DamagedException(file, "file ends early (" + size + " bytes)");
        } catch (IllegalArgumentException e) {
            throw new DamagedException(file, e.getMessage());
        }
    }

    private static byte[] readBytes(DataInputStream in, long fileSize) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD_BYTES || length > fileSize) {
            throw new IllegalArgumentException("impossible field length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return bytes;
    }
}
