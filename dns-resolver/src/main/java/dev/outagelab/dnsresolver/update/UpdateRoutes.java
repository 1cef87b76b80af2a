package dev.outagelab.dnsresolver.update;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.zone.InvalidZoneException;
import dev.outagelab.dnsresolver.zone.ZoneSnapshot;
import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /admin/dns/updates} on the management port: the audit, oldest first. The kit's /admin guard applies. */
@Singleton
public class UpdateRoutes {

    private final UpdateAudit audit;
    private final ZoneReplicator replicator;

    UpdateRoutes(UpdateAudit audit, ZoneReplicator replicator) {
        this.audit = audit;
        this.replicator = replicator;
    }

    void register(@Observes ManagementInterface management) {
        register(management.router(), audit, replicator);
    }

    /** Also used by the multi-member test, which serves several members from one JVM with exactly these routes. */
    public static void register(Router router, UpdateAudit audit, ZoneReplicator replicator) {
        router.get("/admin/dns/updates")
                .handler(rc -> JsonReplies.json(rc, 200, UpdateAudit.toJson(audit.recent())));
        // Members push and pull the whole zone here (see ZoneReplicator); a person can read it too.
        router.get("/admin/dns/zone")
                .handler(rc -> JsonReplies.json(rc, 200, ZoneReplicator.toJson(replicator.current())));
        router.put("/admin/dns/zone").blockingHandler(rc -> {
            ZoneSnapshot incoming;
            try {
                JsonObject body = rc.body().asJsonObject();
                if (body == null) {
                    throw new InvalidZoneException("zone snapshot", "send a JSON object");
                }
                incoming = ZoneReplicator.fromJson(body);
                boolean installed = replicator.offer(incoming, "PUT /admin/dns/zone");
                JsonReplies.json(rc, 200, new JsonObject().put("installed", installed)
                        .put("serial", replicator.current().serial()));
            } catch (DecodeException | ClassCastException | InvalidZoneException e) {
                JsonReplies.error(rc, 400, "bad_request", e.getMessage());
            }
        }, false);
    }
}
