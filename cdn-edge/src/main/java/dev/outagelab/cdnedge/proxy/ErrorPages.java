package dev.outagelab.cdnedge.proxy;

import java.time.Instant;

import jakarta.inject.Singleton;

import dev.outagelab.cdnedge.config.EdgeConfig;
import dev.outagelab.kit.identity.InstanceConfig;
import io.vertx.core.http.HttpServerResponse;

/**
 * Error pages as the edges served them in June 2021: {@code Error 503 Service Unavailable}, a {@code Details:
 * cache-<pop>-<instance> <timestamp>} line that says which cache answered, and a footer naming the edge; and the
 * plain-text {@code unknown domain} page (HTTP 500) for a host no service owns.
 */
@Singleton
public class ErrorPages {

    private final String servedBy;
    private final String footer;

    ErrorPages(InstanceConfig instance, EdgeConfig config) {
        this.servedBy = "cache-" + instance.pop().orElse("none") + "-" + instance.name();
        this.footer = "outage-lab edge cache server " + instance.name() + " (release " + config.release() + ")";
    }

    /** The value of {@code X-Served-By} on every response. */
    public String servedBy() {
        return servedBy;
    }

    public void error(HttpServerResponse response, int status, String reason, String detail) {
        String details = servedBy + " " + Instant.now().getEpochSecond();
        String page = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>" + status + " " + reason + "</title>\n  </head>\n"
                + "  <body>\n    <h1>Error " + status + " " + reason + "</h1>\n    <p>" + reason + "</p>\n"
                + "    <p>" + escape(detail) + "</p>\n    <h3>Guru Mediation:</h3>\n    <p>Details: " + details
                + "</p>\n    <hr>\n    <p>" + escape(footer) + "</p>\n  </body>\n</html>\n";
        send(response, status, "text/html; charset=utf-8", page);
    }

    public void unknownDomain(HttpServerResponse response, String host) {
        String page = "Edge error: unknown domain: " + host + ".\n\nPlease check that this domain has been added to a"
                + " service.\n\nDetails: " + servedBy + " " + Instant.now().getEpochSecond() + "\n";
        send(response, 500, "text/plain; charset=utf-8", page);
    }

    private void send(HttpServerResponse response, int status, String type, String page) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", type)
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Served-By", servedBy)
                .putHeader("X-Cache", "MISS")
                .end(page);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
