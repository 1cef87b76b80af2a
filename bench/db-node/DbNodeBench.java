import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The db-node benchmark's load generator, a single source file run with {@code java DbNodeBench.java}:
 *
 * <pre>
 * fsync &lt;dir&gt; &lt;seconds&gt;                              the raw ceiling: one thread, 64-byte append + force(false)
 * fsync-prealloc &lt;dir&gt; &lt;seconds&gt;                     the same, overwriting a preallocated 64 MiB file
 * http &lt;url&gt; &lt;clients&gt; &lt;seconds&gt; [&lt;replica-admin-url&gt; &lt;token&gt;]
 *                                                     single-key PUTs (unique keys, 64-byte values); with a replica,
 *                                                     samples its secondsBehind/bytesBehind every 100 ms meanwhile
 * </pre>
 *
 * Prints one line of {@code key=value} pairs, which run.sh turns into the table.
 */
public final class DbNodeBench {

    private static final Pattern SECONDS = Pattern.compile("\"secondsBehind\"\\s*:\\s*([0-9.]+|null)");
    private static final Pattern BYTES = Pattern.compile("\"bytesBehind\"\\s*:\\s*([0-9]+|null)");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fsync" -> fsync(Path.of(args[1]), Integer.parseInt(args[2]), false);
            case "fsync-prealloc" -> fsync(Path.of(args[1]), Integer.parseInt(args[2]), true);
            case "http" -> http(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 5 ? args[4] : null, args.length > 5 ? args[5] : null);
            default -> throw new IllegalArgumentException("fsync or http, not " + args[0]);
        }
    }

    /**
     * Appending to a growing file (as db-node's binlog does today) makes every fdatasync also commit the new file
     * size; overwriting a preallocated, already-synced file (as PostgreSQL's WAL segments are) does not.
     */
    private static void fsync(Path dir, int seconds, boolean preallocated) throws IOException {
        Path file = dir.resolve("fsync-ceiling.dat");
        long ops = 0;
        long[] latencies = new long[1 << 20];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (preallocated) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < 64L << 20; at += zeros.capacity()) {
                    channel.write(zeros.clear(), at);
                }
                channel.force(true);
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long position = 0;
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                ByteBuffer buffer = ByteBuffer.allocate(64);
                position += channel.write(buffer, position);
                channel.force(false);
                latencies[(int) (ops++ % latencies.length)] = System.nanoTime() - started;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.printf("ops_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n", ops / (double) seconds,
                percentile(latencies, (int) Math.min(ops, latencies.length), 50),
                percentile(latencies, (int) Math.min(ops, latencies.length), 99));
    }

    private static void http(String url, int clients, int seconds, String replicaAdmin, String token)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> results = new ArrayList<>();
        String value = "x".repeat(64);
        long runId = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                long[] latencies = new long[1 << 18];
                long n = 0;
                while (!stop.get()) {
                    HttpRequest request = HttpRequest.newBuilder(
                            URI.create(url + "/kv/bench-" + runId + "-" + client + "-" + n))
                            .PUT(HttpRequest.BodyPublishers.ofString(value)).build();
                    long started = System.nanoTime();
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("PUT answered " + response.statusCode());
                    }
                    latencies[(int) (n++ % latencies.length)] = System.nanoTime() - started;
                }
                long[] result = Arrays.copyOf(latencies, (int) Math.min(n, latencies.length) + 1);
                result[result.length - 1] = n;
                return result;
            }));
        }
        double[] maxLag = {0, 0};
        Future<?> sampler = replicaAdmin == null ? null : pool.submit(() -> {
            while (!stop.get()) {
                String status = http.send(HttpRequest.newBuilder(URI.create(replicaAdmin + "/admin/db/status"))
                        .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher s = SECONDS.matcher(status);
                Matcher b = BYTES.matcher(status);
                if (s.find() && !s.group(1).equals("null")) {
                    maxLag[0] = Math.max(maxLag[0], Double.parseDouble(s.group(1)));
                }
                if (b.find() && !b.group(1).equals("null")) {
                    maxLag[1] = Math.max(maxLag[1], Double.parseDouble(b.group(1)));
                }
                Thread.sleep(100);
            }
            return null;
        });
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long total = 0;
        List<Long> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            long[] r = result.get();
            total += r[r.length - 1];
            for (int i = 0; i < r.length - 1; i++) {
                all.add(r[i]);
            }
        }
        if (sampler != null) {
            sampler.get();
        }
        pool.shutdown();
        long[] latencies = all.stream().mapToLong(Long::longValue).toArray();
        System.out.printf("writes_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_seconds_behind=%.3f max_bytes_behind=%.0f%n",
                total / (double) seconds, percentile(latencies, latencies.length, 50),
                percentile(latencies, latencies.length, 99), maxLag[0], maxLag[1]);
    }

    private static double percentile(long[] values, int count, int p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(p / 100.0 * count) - 1)] / 1e6;
    }
}
