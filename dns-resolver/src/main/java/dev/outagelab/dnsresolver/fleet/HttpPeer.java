package dev.outagelab.dnsresolver.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.vertx.core.json.JsonObject;

/** Another member, reached over its management port's admin API with the lab's admin token. */
public class HttpPeer implements Peer {

    private static final Logger LOG = Logger.getLogger(HttpPeer.class);

    private final String name;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public HttpPeer(String name, URI base, String token, Duration timeout, HttpClient http) {
        this.name = name;
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    public URI base() {
        return base;
    }

    @Override
    public MemberStatus status() {
        try {
            HttpResponse<String> response = send(request("/admin/fleet/member").GET());
            if (response.statusCode() != 200) {
                return MemberStatus.unreachable(name);
            }
            MemberStatus status = MemberStatus.fromJson(new JsonObject(response.body()));
            // Trust our own name for it: a misconfigured peer list should not make two entries look like one.
            return new MemberStatus(name, true, status.inService(), status.healthy(), status.reason(), status.since(),
                    status.by(), status.maintenanceRemovals());
        } catch (IOException | RuntimeException e) {
            return MemberStatus.unreachable(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberStatus.unreachable(name);
        }
    }

    @Override
    public boolean setInService(boolean inService, String reason, String by) {
        JsonObject body = new JsonObject().put("in-service", inService).put("by", by);
        if (reason != null) {
            body.put("reason", reason);
        }
        try {
            HttpResponse<String> response = send(request("/admin/fleet/member")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
            if (response.statusCode() != 200) {
                LOG.warnf("telling %s in-service=%s: HTTP %d %s", name, inService, response.statusCode(),
                        response.body());
            }
            return response.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("telling %s in-service=%s failed: %s", name, inService, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Passes a config change on; the header stops the peer from passing it on again. Returns the HTTP status. */
    public int forwardConfig(JsonObject doc, String from) {
        try {
            return send(request("/admin/fleet/config").header("Content-Type", "application/json")
                    .header(FleetService.FORWARDED_HEADER, from)
                    .PUT(HttpRequest.BodyPublishers.ofString(doc.encode()))).statusCode();
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
