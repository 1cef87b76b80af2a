package dev.outagelab.statuspage.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.outagelab.statuspage.core.ProbeOutcome;
import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.Target;

/**
 * One readiness probe with the JDK client, fully asynchronous: the caller's thread never waits, so a
 * hung target costs nothing but its own timeout. The future never completes exceptionally.
 */
final class HttpProbe {

    private static final int MAX_REASON_LENGTH = 120;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    HttpProbe(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                // HTTP/1.1 avoids an h2c upgrade round-trip on every probe of a plain-HTTP endpoint.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    CompletableFuture<ProbeResult> probe(Target target) {
        long startNanos = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(target.healthUrl())
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("User-Agent", "outage-lab-status-page")
                    .GET()
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    // Belt and braces: should the client's own timeout ever fail to fire, the target
                    // must still be reported, or its in-flight guard would freeze it forever.
                    .orTimeout(timeout.toMillis() * 2 + 100, TimeUnit.MILLISECONDS)
                    .handle((response, error) -> toResult(response, error, startNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(toResult(null, e, startNanos));
        }
    }

    private ProbeResult toResult(HttpResponse<Void> response, Throwable error, long startNanos) {
        Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
        var now = clock.instant();
        if (error == null) {
            int code = response.statusCode();
            return code == 200
                    ? ProbeResult.up(now, latency)
                    : ProbeResult.down(ProbeOutcome.HTTP_ERROR, now, latency, "HTTP " + code);
        }
        Throwable cause = unwrap(error);
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return ProbeResult.down(ProbeOutcome.TIMEOUT, now, latency, "timeout after " + timeout.toMillis() + "ms");
        }
        if (cause instanceof ConnectException) {
            return ProbeResult.down(ProbeOutcome.REFUSED, now, latency, "connection refused");
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return ProbeResult.down(ProbeOutcome.ERROR, now, latency, "unknown host");
        }
        String kind = cause instanceof IOException ? "I/O error" : cause.getClass().getSimpleName();
        String message = cause.getMessage() == null ? kind : kind + ": " + cause.getMessage();
        return ProbeResult.down(ProbeOutcome.ERROR, now, latency, shorten(message));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        // The JDK reports a refused connection as ConnectException, sometimes wrapped in a plain IOException.
        if (!(t instanceof ConnectException) && t.getCause() instanceof ConnectException) {
            return t.getCause();
        }
        return t;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }
}
