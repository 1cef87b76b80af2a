package dev.outagelab.dnsresolver.update;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.kit.http.JsonReplies;
import io.quarkus.vertx.http.ManagementInterface;

/** {@code GET /admin/dns/updates} on the management port: the audit, oldest first. The kit's /admin guard applies. */
@Singleton
public class UpdateRoutes {

    private final UpdateAudit audit;

    UpdateRoutes(UpdateAudit audit) {
        this.audit = audit;
    }

    void register(@Observes ManagementInterface management) {
        management.router().get("/admin/dns/updates")
                .handler(rc -> JsonReplies.json(rc, 200, UpdateAudit.toJson(audit.recent())));
    }
}
