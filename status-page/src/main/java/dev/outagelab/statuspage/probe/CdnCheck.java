package dev.outagelab.statuspage.probe;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.outagelab.statuspage.core.Sample;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Fetches a page through one POP as a reader's browser would: the edge's address with
 * {@code Host: news.lab}, body read to the end. Passes on 200. Vert.x's client is used because the
 * JDK's refuses to set a Host header.
 */
public final class CdnCheck implements Probe {

    private final String componentKey;
    private final String pop;
    private final URI url;
    private final String host;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient client;

    public CdnCheck(String componentKey, String pop, URI url, String host, Duration timeout, Clock clock,
            HttpClient client) {
        this.componentKey = componentKey;
        this.pop = pop;
        this.url = url;
        this.host = host;
        this.timeout = timeout;
        this.clock = clock;
        this.client = client;
    }

    @Override
    public String name() {
        return "GET " + host + " via " + pop;
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        Elapsed elapsed = new Elapsed(clock);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .putHeader("Host", host)
                .putHeader("User-Agent", "outage-lab-status-page")
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        CompletableFuture<Integer> status;
        try {
            status = client.request(options)
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture();
        } catch (RuntimeException e) {
            status = CompletableFuture.failedFuture(e);
        }
        return status
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((code, error) -> {
                    Sample sample;
                    if (error != null) {
                        sample = elapsed.failed(name(), Failures.describe(error, timeout));
                    } else if (code == 200) {
                        sample = elapsed.ok(name());
                    } else {
                        sample = elapsed.failed(name(), "HTTP " + code);
                    }
                    return List.of(new Observation(componentKey, sample));
                });
    }
}
