package dev.outagelab.dnsresolver.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.outagelab.dnsresolver.zone.InvalidZoneException;
import dev.outagelab.dnsresolver.zone.ZoneSnapshot;
import dev.outagelab.dnsresolver.zone.ZoneStore;
import io.vertx.core.json.JsonObject;

/**
 * Makes an accepted update durable and fleet-wide. The accepting member writes the whole updated zone to
 * {@code dns.data-dir} (fsync'd, renamed into place) before it answers NOERROR, then pushes it to every peer's
 * {@code PUT /admin/dns/zone}. Every member also pulls peers' zones on a timer and at start, so a member that was
 * down or missed a push catches up. A member installs a zone only if it supersedes its own (higher serial; equal
 * serials are settled by digest, so every member settles on the same zone).
 */
public class ZoneReplicator {

    private static final Logger LOG = Logger.getLogger(ZoneReplicator.class);
    static final String SNAPSHOT_FILE = "zone.snapshot";

    private final ZoneStore store;
    private final Object updateLock;
    private final Optional<Path> dataDir;
    private final Map<String, URI> peers;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService pulls = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-zone-pull");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService pushes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dns-zone-push");
        t.setDaemon(true);
        return t;
    });

    /** {@code updateLock} is the {@link ZoneUpdater}: installs and updates never interleave. */
    public ZoneReplicator(ZoneStore store, Object updateLock, Optional<Path> dataDir, Map<String, URI> peers,
            String token, Duration timeout, HttpClient http) {
        this.store = store;
        this.updateLock = updateLock;
        this.dataDir = dataDir;
        this.peers = Map.copyOf(peers);
        this.token = token;
        this.timeout = timeout;
        this.http = http;
    }

    /** At start: the journaled zone, if newer than the configured one, then whatever newer zone a peer has. */
    public void recover() {
        if (dataDir.isPresent()) {
            Path file = dataDir.get().resolve(SNAPSHOT_FILE);
            try {
                Files.createDirectories(dataDir.get());
                if (Files.exists(file)) {
                    JsonObject json = new JsonObject(Files.readString(file));
                    ZoneSnapshot saved = new ZoneSnapshot(json.getLong("serial"), json.getString("zone"));
                    if (offer(saved, "journal " + file)) {
                        LOG.infof("zone serial %d restored from %s", saved.serial(), file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("dns.data-dir: cannot read " + file + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("dns.data-dir: " + file + " is not a zone snapshot: "
                        + e.getMessage(), e);
            }
        }
        catchUp();
    }

    /** After an accepted change, before its NOERROR: journal it, then push it to the peers in the background. */
    public void changed() {
        ZoneSnapshot snapshot;
        synchronized (updateLock) {
            snapshot = ZoneSnapshot.of(store.current());
            persist(snapshot);
        }
        pushes.execute(() -> push(snapshot));
    }

    /** A zone from a peer or the journal; installed (and journaled) only if it supersedes ours. */
    public boolean offer(ZoneSnapshot incoming, String from) {
        synchronized (updateLock) {
            ZoneSnapshot current = ZoneSnapshot.of(store.current());
            if (!incoming.supersedes(current)) {
                return false;
            }
            store.replace(incoming.toZone(store.current().getOrigin()));
            persist(incoming);
            LOG.infof("zone serial %d installed from %s (was %d)", incoming.serial(), from, current.serial());
            return true;
        }
    }

    public ZoneSnapshot current() {
        return ZoneSnapshot.of(store.current());
    }

    /** Pulls every peer's zone and installs the one that supersedes ours; unreachable peers are skipped. */
    public void catchUp() {
        peers.forEach((name, base) -> {
            try {
                HttpResponse<String> response = http.send(request(base).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    offer(fromJson(new JsonObject(response.body())), "peer " + name);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("catching up from %s: %s", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void push(ZoneSnapshot snapshot) {
        String body = toJson(snapshot).encode();
        peers.forEach((name, base) -> {
            try {
                HttpResponse<String> response = http.send(request(base).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    LOG.warnf("pushing zone serial %d to %s: HTTP %d", snapshot.serial(), name,
                            response.statusCode());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("pushing zone serial %d to %s failed (it will catch up): %s", snapshot.serial(), name,
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private HttpRequest.Builder request(URI base) {
        return HttpRequest.newBuilder(base.resolve("/admin/dns/zone")).timeout(timeout)
                .header("Authorization", "Bearer " + token);
    }

    /** Write, fsync, rename into place, fsync the directory: after a crash the file is the old zone or the new. */
    private void persist(ZoneSnapshot snapshot) {
        if (dataDir.isEmpty()) {
            return;
        }
        Path dir = dataDir.get();
        Path tmp = dir.resolve(SNAPSHOT_FILE + ".tmp");
        try {
            Files.writeString(tmp, toJson(snapshot).encode(), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(SNAPSHOT_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journaling zone serial " + snapshot.serial() + " in " + dir + " failed", e);
        }
    }

    public static JsonObject toJson(ZoneSnapshot snapshot) {
        return new JsonObject().put("serial", snapshot.serial()).put("zone", snapshot.text());
    }

    public static ZoneSnapshot fromJson(JsonObject json) {
        Long serial = json.getLong("serial");
        String zone = json.getString("zone");
        if (serial == null || zone == null) {
            throw new InvalidZoneException("zone snapshot", "needs \"serial\" and \"zone\"");
        }
        return new ZoneSnapshot(serial, zone);
    }

    /** Catches up from the peers every {@code every}, so a missed push is repaired within one period. */
    public void start(Duration every) {
        pulls.scheduleWithFixedDelay(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                LOG.warnf(e, "catching up the zone failed");
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        pushes.shutdownNow();
        pulls.shutdownNow();
    }
}
