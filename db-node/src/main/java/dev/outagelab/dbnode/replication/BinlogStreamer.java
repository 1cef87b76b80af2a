package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.binlog.Binlog;
import dev.outagelab.dbnode.binlog.BinlogPosition;
import dev.outagelab.kit.gtid.GtidSet;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One replica's stream on the source (MySQL's binlog dump thread): reads the binlog from its start, sends every
 * event the replica's GTID set lacks in log order, then tails the log, sending each new durable event as it comes
 * and a heartbeat whenever the stream has been idle for the heartbeat interval. Runs on its own thread, because
 * reading files blocks; each chunk is written and waited for before the next is read, so a slow replica slows its
 * own stream and nothing else.
 */
final class BinlogStreamer implements Runnable {

    private static final Logger LOG = Logger.getLogger(BinlogStreamer.class);
    /** Events are sent in chunks of about this many bytes, each followed by a heartbeat with the bytes pending. */
    private static final int CHUNK_BYTES = 64 * 1024;
    /** A replica that does not take a chunk for this long is treated as gone. */
    private static final long WRITE_TIMEOUT_SECONDS = 10;
    private static final long HANG_POLL_MILLIS = 50;

    /** Thrown from inside a binlog scan to stop it once the replica has gone. */
    private static final class StreamClosed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamClosed(Throwable cause) {
            super(cause);
        }
    }

    private final Binlog binlog;
    private final GtidSet replicaHas;
    private final HttpServerResponse response;
    private final long heartbeatMillis;
    private final BooleanSupplier linkHung;
    private final Clock clock;
    private final String replicaName;
    private volatile boolean closed;
    private ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(chunk);
    private BinlogPosition position;
    private long eventsSent;

    /** @param linkHung true while a fault hangs this node's app traffic: the stream then sends nothing at all */
    BinlogStreamer(Binlog binlog, GtidSet replicaHas, HttpServerResponse response, long heartbeatMillis,
            BooleanSupplier linkHung, Clock clock, String replicaName) {
        this.binlog = binlog;
        this.replicaHas = replicaHas;
        this.response = response;
        this.heartbeatMillis = heartbeatMillis;
        this.linkHung = linkHung;
        this.clock = clock;
        this.replicaName = replicaName;
        this.position = binlog.start();
    }

    void close() {
        closed = true;
    }

    @Override
    public void run() {
        try {
            flush();
            while (!closed) {
                if (linkHung.getAsBoolean()) {
                    // A hung link delivers nothing, heartbeats included, so the replica sees its source go silent.
                    Thread.sleep(HANG_POLL_MILLIS);
                } else if (binlog.end().compareTo(position) > 0) {
                    binlog.forEachEvent(position, logged -> {
                        if (closed) {
                            throw new StreamClosed(null);
                        }
                        if (!replicaHas.contains(logged.event().gtid())) {
                            write(() -> StreamProtocol.writeEvent(out, logged.event()));
                            eventsSent++;
                        }
                        position = logged.next();
                        if (chunk.size() >= CHUNK_BYTES) {
                            flush();
                        }
                    });
                    flush();
                } else if (!binlog.awaitEndAfter(position, heartbeatMillis)) {
                    flush();
                }
            }
        } catch (StreamClosed | InterruptedException e) {
            // the replica went away, or the node is stopping
        } catch (RuntimeException e) {
            LOG.warnf(e, "replication stream to %s failed after %d events", replicaName, eventsSent);
            response.reset();
        } finally {
            closed = true;
            LOG.infof("replication stream to %s closed after %d events, at %s", replicaName, eventsSent, position);
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Sends what is buffered plus a heartbeat, and waits until the connection has taken it. */
    private void flush() {
        long pending = binlog.bytesBetween(position, binlog.end());
        write(() -> StreamProtocol.writeHeartbeat(out, clock.millis(), pending));
        Buffer buffer = Buffer.buffer(chunk.toByteArray());
        chunk = new ByteArrayOutputStream();
        out = new DataOutputStream(chunk);
        try {
            response.write(buffer).toCompletionStage().toCompletableFuture()
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closed = true;
            throw new StreamClosed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new StreamClosed(e);
        }
    }
}
