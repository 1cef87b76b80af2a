package dev.outagelab.statuspage.serve;

import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.outagelab.kit.http.JsonReplies;
import dev.outagelab.statuspage.api.StatuspageJson;

/**
 * The public read paths: the page ({@code /}), its live fragment ({@code /page/live}) and the v2 JSON API,
 * answered on the event loop from the current {@link Snapshot}'s bytes, with an ETag and a 304 for a client
 * that already has them. Only the first request after the data moved waits (on a worker thread) for the
 * snapshot to be rebuilt.
 */
@ApplicationScoped
public class ReadRoutes {

    private static final Logger LOG = Logger.getLogger(ReadRoutes.class);

    @Inject
    Snapshots snapshots;

    void register(@Observes Router router) {
        route(router, "/", (snapshot, pageUrl) -> snapshot.page());
        route(router, "/page/live", (snapshot, pageUrl) -> snapshot.live());
        for (String path : StatuspageJson.PATHS) {
            route(router, path, (snapshot, pageUrl) -> snapshot.api(pageUrl, path));
        }
    }

    /** GET, and HEAD for monitors that only want the headers (Vert.x sends no body for HEAD). */
    private void route(Router router, String path, BiFunction<Snapshot, String, Body> pick) {
        router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(rc -> serve(rc, pick));
    }

    private void serve(RoutingContext rc, BiFunction<Snapshot, String, Body> pick) {
        Snapshot snapshot = snapshots.ifFresh();
        if (snapshot != null) {
            reply(rc, pick.apply(snapshot, pageUrl(rc.request())));
            return;
        }
        rc.vertx().executeBlocking(() -> pick.apply(snapshots.fresh(), pageUrl(rc.request())), false)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        reply(rc, done.result());
                    } else {
                        LOG.errorf(done.cause(), "cannot render %s", rc.request().path());
                        JsonReplies.error(rc, 500, "internal_error", "the status page could not render "
                                + rc.request().path() + "; see its log");
                    }
                });
    }

    private static void reply(RoutingContext rc, Body body) {
        boolean gzip = acceptsGzip(rc.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        String etag = gzip ? body.gzipEtag() : body.etag();
        // no-cache: a browser may keep the body but must ask again each time, and the ETag makes asking cheap.
        rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (Body.matches(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            rc.response().setStatusCode(304).end();
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, body.contentType());
        if (gzip) {
            rc.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(body.gzipped());
        } else {
            rc.response().end(body.bytes());
        }
    }

    /** True when {@code Accept-Encoding} lists gzip without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length < 2 || !parts[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    /** The address the reader used, as {@code http://host:port/}, like JAX-RS's base URI. */
    static String pageUrl(HttpServerRequest request) {
        String host = request.host();
        return request.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host) + "/";
    }
}
