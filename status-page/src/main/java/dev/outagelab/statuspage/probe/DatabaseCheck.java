package dev.outagelab.statuspage.probe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.outagelab.statuspage.core.Sample;

/**
 * What an application does with the database: find the primary by its DNS name (a CNAME such as
 * {@code primary.db.lab.internal -> db-node-east-0.db.lab.internal}), write a key there, then read it back
 * from a replica. Two samples: one for writes (resolve + PUT), one for reads (the replica has the value
 * within the probe timeout). Replicas take turns, so each is read every few rounds.
 */
public final class DatabaseCheck implements Probe {

    private static final long READ_RETRY_MILLIS = 50;

    private final String writesKey;
    private final String readsKey;
    private final Name primaryName;
    private final Map<String, URI> nodes;
    private final String probeKey;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient client;
    private final Resolver resolver;
    private final AtomicInteger turn = new AtomicInteger();

    public DatabaseCheck(String writesKey, String readsKey, String primaryName, Map<String, URI> nodes,
            List<InetSocketAddress> resolvers, String writer, Duration timeout, Clock clock, HttpClient client) {
        this.writesKey = writesKey;
        this.readsKey = readsKey;
        this.nodes = new LinkedHashMap<>(nodes);
        this.probeKey = "status-page-probe/" + writer;
        this.timeout = timeout;
        this.clock = clock;
        this.client = client;
        try {
            this.primaryName = Name.fromString(primaryName.endsWith(".") ? primaryName : primaryName + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + primaryName, e);
        }
        List<Resolver> simple = new ArrayList<>();
        for (InetSocketAddress address : resolvers) {
            SimpleResolver r = new SimpleResolver(address);
            r.setTimeout(timeout);
            simple.add(r);
        }
        ExtendedResolver fleet = new ExtendedResolver(simple);
        // Any one resolver is enough, as for an application's stub resolver; the fleet's own health is DnsCheck's job.
        fleet.setLoadBalance(true);
        fleet.setRetries(1);
        fleet.setTimeout(timeout);
        this.resolver = fleet;
    }

    @Override
    public String name() {
        return "write " + primaryName.toString(true) + ", read a replica";
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        Elapsed writeClock = new Elapsed(clock);
        String value = UUID.randomUUID().toString();
        return primary()
                .thenCompose(primary -> write(primary, value).thenApply(ignored -> primary))
                .thenCompose(primary -> {
                    Sample written = writeClock.ok("write via " + primary);
                    return readFromReplica(primary, value).thenApply(read ->
                            List.of(new Observation(writesKey, written), new Observation(readsKey, read)));
                })
                .orTimeout(timeout.toMillis() * 4 + 200, TimeUnit.MILLISECONDS)
                // Without a write there is nothing to read back: a failed write gives a writes sample only.
                .exceptionally(error -> List.of(new Observation(writesKey, writeClock.failed("write", reason(error)))));
    }

    private String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CheckFailure) {
                return t.getMessage();
            }
        }
        return Failures.describe(error, timeout);
    }

    /** A failure with a message written for the reader. */
    private static final class CheckFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The node {@code primary.db} points at, by the first label of its CNAME target. */
    private CompletableFuture<String> primary() {
        Message query = Message.newQuery(Record.newRecord(primaryName, Type.CNAME, DClass.IN));
        return resolver.sendAsync(query).toCompletableFuture().thenApply(response -> {
            if (response.getRcode() != Rcode.NOERROR) {
                throw new CheckFailure("resolving " + primaryName + ": " + Rcode.string(response.getRcode()));
            }
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof CNAMERecord cname) {
                    String node = cname.getTarget().getLabelString(0);
                    if (!nodes.containsKey(node)) {
                        throw new CheckFailure(primaryName + " points at " + cname.getTarget() + ", not a known db node");
                    }
                    return node;
                }
            }
            throw new CheckFailure(primaryName + " has no CNAME naming the primary");
        });
    }

    private CompletableFuture<Void> write(String primary, String value) {
        HttpRequest request = HttpRequest.newBuilder(kvUri(primary))
                .timeout(timeout)
                .PUT(HttpRequest.BodyPublishers.ofString(value))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() != 200 || !response.body().contains("\"gtid\"")) {
                throw new CheckFailure("PUT on " + primary + ": HTTP " + response.statusCode() + " " + brief(response.body()));
            }
        });
    }

    private CompletableFuture<Sample> readFromReplica(String primary, String value) {
        List<String> replicas = nodes.keySet().stream().filter(n -> !n.equals(primary)).toList();
        Elapsed readClock = new Elapsed(clock);
        if (replicas.isEmpty()) {
            return CompletableFuture.completedFuture(readClock.failed("read", "no replica configured"));
        }
        String replica = replicas.get(Math.floorMod(turn.getAndIncrement(), replicas.size()));
        long deadline = System.nanoTime() + timeout.toNanos();
        return readUntil(replica, value, deadline, "no answer").thenApply(last -> last == null
                ? readClock.ok("read from " + replica)
                : readClock.failed("read from " + replica, last));
    }

    /** Completes with null when the replica returned the value, or with what it said last. */
    private CompletableFuture<String> readUntil(String replica, String value, long deadlineNanos, String lastAnswer) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture("replica " + replica + " did not return the written value within "
                    + timeout.toMillis() + "ms (" + lastAnswer + ")");
        }
        HttpRequest request = HttpRequest.newBuilder(kvUri(replica))
                .timeout(Duration.ofNanos(left)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        return Failures.describe(error, timeout);
                    }
                    if (response.statusCode() == 200 && response.body().equals(value)) {
                        return null;
                    }
                    return "HTTP " + response.statusCode();
                })
                .thenCompose(answer -> {
                    if (answer == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Executor later = CompletableFuture.delayedExecutor(READ_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> answer, later)
                            .thenCompose(a -> readUntil(replica, value, deadlineNanos, a));
                });
    }

    private URI kvUri(String node) {
        String base = nodes.get(node).toString();
        String key = URLs.encodePath(probeKey);
        return URI.create((base.endsWith("/") ? base : base + "/") + "kv/" + key);
    }

    private static String brief(String body) {
        return body.length() <= 120 ? body : body.substring(0, 119) + "…";
    }
}
