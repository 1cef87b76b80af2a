package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.dbnode.store.KvStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A replica's replication from one source (MySQL's IO and SQL threads in one): opens the source's binlog stream,
 * giving its own executed set, and applies what arrives through its own binlog with the original GTIDs, one
 * durable batch per chunk the source sends. After any failure (refused, unreachable, silent for
 * {@code net-timeout}, a damaged event) it records the error and reconnects with exponential back-off, asking
 * again from its executed set, so nothing is skipped or applied twice.
 */
public final class ReplicationClient {

    private static final Logger LOG = Logger.getLogger(ReplicationClient.class);
    private static final int MAX_BATCH_EVENTS = 1000;
    /** How often an async source hears how far this replica is (for its binlog retention and status). */
    private static final Duration ASYNC_ACK_INTERVAL = Duration.ofMillis(200);

    /** The settings that shape a replica's connection. */
    public record Settings(Duration connectTimeout, Duration netTimeout, Duration retryInitial, Duration retryMax) {
    }

    private final KvStore store;
    private final String source;
    private final String token;
    private final String replicaName;
    private final Settings settings;
    private final Clock clock;
    private final HttpClient ackHttp;
    private final Vertx vertx;
    private final Object lock = new Object();
    private final Thread thread;

    // Guarded by lock.
    private boolean running = true;
    private HttpURLConnection connection;
    private ReplicationState state = ReplicationState.CONNECTING;
    private UUID sourceUuid;
    private String lastError;
    private Instant lastErrorAt;
    /** Whether the current error was logged already, so a source that stays down is logged once, not per retry. */
    private boolean errorLogged;

    private volatile boolean reachedStream;

    private volatile long lastContactNanos;
    private volatile boolean contacted;
    private volatile Double secondsBehind;
    private volatile Long bytesBehind;
    private volatile long lastAppliedTimestampMillis = -1;
    private volatile long eventsApplied;

    /** @param ackHttp the client acknowledgements go through (see {@link AckSender}), on {@code vertx} */
    public ReplicationClient(KvStore store, String source, String token, String replicaName, Settings settings,
            Clock clock, Vertx vertx, HttpClient ackHttp) {
        this.store = store;
        this.source = source;
        this.token = token;
        this.replicaName = replicaName;
        this.settings = settings;
        this.clock = clock;
        this.ackHttp = ackHttp;
        this.vertx = vertx;
        this.thread = new Thread(this::run, "replication-from-" + source);
        thread.setDaemon(true);
    }

    public String source() {
        return source;
    }

    public void start() {
        thread.start();
    }

    /**
     * Stops replicating and returns once the thread has finished: a batch being applied completes first, so after
     * this returns nothing more is appended from the source.
     */
    public void stop() throws InterruptedException {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            if (connection != null) {
                connection.disconnect(); // unblocks the read
            }
        }
        thread.join(Duration.ofSeconds(30).toMillis());
        if (thread.isAlive()) {
            LOG.errorf("replication from %s did not stop within 30 s", source);
        }
    }

    public ReplicaStatus status() {
        synchronized (lock) {
            boolean streaming = state == ReplicationState.STREAMING;
            Long contact = contacted ? (System.nanoTime() - lastContactNanos) / 1_000_000L : null;
            return new ReplicaStatus(state, source, sourceUuid, lastError, lastErrorAt, contact,
                    streaming ? secondsBehind : null, streaming ? bytesBehind : null, eventsApplied);
        }
    }

    private boolean running() {
        synchronized (lock) {
            return running;
        }
    }

    private void run() {
        long backoff = settings.retryInitial().toMillis();
        while (running()) {
            setState(ReplicationState.CONNECTING);
            reachedStream = false;
            try {
                streamOnce();
            } catch (IOException | RuntimeException e) {
                if (!running()) {
                    break;
                }
                failed(e);
            } finally {
                synchronized (lock) {
                    if (connection != null) {
                        connection.disconnect();
                        connection = null;
                    }
                }
            }
            if (reachedStream) {
                backoff = settings.retryInitial().toMillis(); // it had worked: retry soon
            }
            synchronized (lock) {
                if (running) {
                    try {
                        lock.wait(backoff);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
            }
            backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
        }
        setState(ReplicationState.STOPPED);
        LOG.infof("replication from %s stopped after %d events", source, eventsApplied);
    }

    private void streamOnce() throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(source + StreamProtocol.STREAM_PATH).toURL()
                .openConnection();
        synchronized (lock) {
            if (!running) {
                return;
            }
            connection = http;
        }
        http.setConnectTimeout((int) settings.connectTimeout().toMillis());
        http.setReadTimeout((int) settings.netTimeout().toMillis());
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Authorization", "Bearer " + token);
        http.setRequestProperty("Content-Type", "application/json");
        byte[] request = new JsonObject()
                .put("replicaUuid", store.serverUuid().toString())
                .put("replicaName", replicaName)
                .put("gtidExecuted", store.executed().toString())
                .encode().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = http.getOutputStream()) {
            out.write(request);
        }
        int code = http.getResponseCode();
        if (code != 200) {
            throw new IOException("source answered " + code + ": " + refusal(errorBody(http)));
        }
        UUID uuid = UUID.fromString(String.valueOf(http.getHeaderField(StreamProtocol.SERVER_UUID_HEADER)));
        boolean semiSync = Boolean.parseBoolean(http.getHeaderField(StreamProtocol.SEMI_SYNC_HEADER));
        synchronized (lock) {
            sourceUuid = uuid;
            if (running) {
                state = ReplicationState.STREAMING;
                reachedStream = true;
                errorLogged = false;
            }
        }
        LOG.infof("replicating from %s (server %s)%s, from executed set '%s'", source, uuid,
                semiSync ? " with semi-sync acknowledgements" : "", store.executed());
        // Acknowledged always: semi-sync waits for them, and the source's binlog retention keeps what we still lack.
        AckSender acks = new AckSender(vertx, ackHttp, source, token, store.serverUuid(),
                semiSync ? Duration.ZERO : ASYNC_ACK_INTERVAL);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(http.getInputStream(), 64 * 1024))) {
            List<BinlogEvent> batch = new ArrayList<>();
            while (running()) {
                StreamProtocol.Record record = StreamProtocol.read(in);
                lastContactNanos = System.nanoTime();
                contacted = true;
                if (record instanceof StreamProtocol.Event event) {
                    batch.add(event.event());
                    if (batch.size() >= MAX_BATCH_EVENTS) {
                        apply(batch);
                    }
                } else if (record instanceof StreamProtocol.Heartbeat heartbeat) {
                    if (in.available() > 0 && !batch.isEmpty() && batch.size() < MAX_BATCH_EVENTS) {
                        // More has arrived already: a replica that fell behind applies it all with one fsync
                        // (group commit on the replica), instead of one fsync per chunk, so it catches up.
                        continue;
                    }
                    apply(batch);
                    // After every chunk, and on an idle stream (when an acknowledgement held back by the async
                    // interval becomes due): AckSender sends each set once.
                    acks.acknowledge(store.executed());
                    bytesBehind = heartbeat.pendingBytes();
                    long applied = lastAppliedTimestampMillis;
                    secondsBehind = heartbeat.pendingBytes() == 0 ? Double.valueOf(0.0)
                            : applied < 0 ? null
                            : Double.valueOf(Math.max(0, heartbeat.sourceTimeMillis() - applied) / 1000.0);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no event or heartbeat from the source for "
                    + settings.netTimeout().toMillis() + " ms", e);
        } finally {
            acks.close();
        }
    }

    private void apply(List<BinlogEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<BinlogEvent> applied = store.applyReplicated(batch);
        lastAppliedTimestampMillis = batch.get(batch.size() - 1).timestampMillis();
        eventsApplied += applied.size();
        batch.clear();
    }

    /** The source's own words when it refused us with a JSON error (a purged-binlog refusal names the GTIDs). */
    private static String refusal(String body) {
        try {
            JsonObject error = new JsonObject(body);
            String message = error.getString("message");
            if (message != null) {
                return error.getString("error", "error") + ": " + message;
            }
        } catch (DecodeException | ClassCastException e) {
            // not JSON: quote it as it came
        }
        return SourceClient.abbreviate(body);
    }

    private static String errorBody(HttpURLConnection http) {
        try (InputStream error = http.getErrorStream()) {
            return error == null ? "" : new String(error.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void setState(ReplicationState next) {
        synchronized (lock) {
            state = next;
        }
    }

    private void failed(Exception e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e.getCause() != null && !text.contains(String.valueOf(e.getCause().getMessage()))) {
            text += " (" + e.getCause() + ")";
        }
        synchronized (lock) {
            boolean repeated = errorLogged && text.equals(lastError);
            lastError = text;
            lastErrorAt = clock.instant();
            state = ReplicationState.ERROR;
            errorLogged = true;
            if (!repeated) {
                LOG.warnf("replication from %s failed: %s; reconnecting with back-off", source, text);
            }
        }
    }
}
