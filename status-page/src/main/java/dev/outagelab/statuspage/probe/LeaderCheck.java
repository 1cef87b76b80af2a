package dev.outagelab.statuspage.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks every orchestrator {@code GET /api/leader-check}, which answers 200 only on the Raft leader.
 * Passes when exactly one answers 200: none means no one can run a failover, two means split brain.
 */
public final class LeaderCheck implements Probe {

    private final String componentKey;
    private final List<URI> orchestrators;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient client;

    public LeaderCheck(String componentKey, List<URI> orchestrators, Duration timeout, Clock clock, HttpClient client) {
        this.componentKey = componentKey;
        this.orchestrators = List.copyOf(orchestrators);
        this.timeout = timeout;
        this.clock = clock;
        this.client = client;
    }

    @Override
    public String name() {
        return "leader-check";
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        Elapsed elapsed = new Elapsed(clock);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (URI base : orchestrators) {
            answers.add(ask(base));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).handle((ignored, error) -> {
            List<String> leaders = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < orchestrators.size(); i++) {
                String answer = answers.get(i).join();
                String who = orchestrators.get(i).getAuthority();
                all.add(who + " " + answer);
                if (answer.equals("leader")) {
                    leaders.add(who);
                }
            }
            if (leaders.size() == 1) {
                return List.of(new Observation(componentKey, elapsed.ok(name())));
            }
            String reason = leaders.isEmpty()
                    ? "no orchestrator is leader (" + String.join(", ", all) + ")"
                    : leaders.size() + " orchestrators claim to lead: " + String.join(", ", leaders);
            return List.of(new Observation(componentKey, elapsed.failed(name(), reason)));
        });
    }

    /** "leader", "HTTP 503", "timeout after 800ms", ...; never fails. */
    private CompletableFuture<String> ask(URI base) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/leader-check"))
                    .timeout(timeout).GET().build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .orTimeout(timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
                    .handle((response, error) -> {
                        if (error != null) {
                            return Failures.describe(error, timeout);
                        }
                        return response.statusCode() == 200 ? "leader" : "HTTP " + response.statusCode();
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Failures.describe(e, timeout));
        }
    }
}
