package dev.outagelab.lab.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Readiness probes: "does this URL answer 200 right now?", many at once with a short timeout. */
public final class Probe {

    /**
     * Kubernetes' default probe timeout. Shorter made `lab status` report healthy orchestrators as unready right
     * after `up`, while 13 JVMs still compete for two cores and the Raft group settles.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient client;
    private final Duration timeout;

    public Probe(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public Probe() {
        this(DEFAULT_TIMEOUT);
    }

    public boolean isOk(String url) {
        try {
            return send(url).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Probes all URLs concurrently; the whole call takes about one timeout at most. */
    public Map<String, Boolean> areOk(List<String> urls) {
        Map<String, CompletableFuture<Boolean>> pending = new LinkedHashMap<>();
        for (String url : urls) {
            pending.put(url, client.sendAsync(request(url), HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> r.statusCode() == 200)
                    .exceptionally(e -> false));
        }
        Map<String, Boolean> result = new LinkedHashMap<>();
        pending.forEach((url, f) -> result.put(url, f.join()));
        return result;
    }

    private HttpResponse<Void> send(String url) throws IOException, InterruptedException {
        return client.send(request(url), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    }
}
