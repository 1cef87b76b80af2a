package dev.outagelab.statuspage.probe;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Something the engine runs once per round: an instance's readiness or a synthetic check. The future
 * never completes exceptionally and always completes, within a bound of the probe timeout; failures and
 * timeouts are observations like any other.
 */
public interface Probe {

    /** Short, unique, for logs: {@code db-node-east-0}, {@code dns 127.0.0.1:15353}. */
    String name();

    CompletableFuture<List<Observation>> run();
}
