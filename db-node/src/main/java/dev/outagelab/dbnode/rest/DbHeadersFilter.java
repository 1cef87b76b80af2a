package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.store.KvStore;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.math.BigDecimal;

/**
 * Puts the node's role, executed GTID set and replication lag on every answer of the KV API, refusals included,
 * so a client can always tell what kind of node answered and how far behind it may be.
 */
@Provider
public class DbHeadersFilter implements ContainerResponseFilter {

    static final String ROLE_HEADER = "X-Db-Role";
    static final String EXECUTED_HEADER = "X-Gtid-Executed";
    static final String LAG_HEADER = "X-Replication-Lag";

    /** A replica that is not streaming does not know its lag; -1 says so rather than a reassuring 0. */
    static final String UNKNOWN_LAG = "-1";

    // Looked up per response: Quarkus creates providers at start-up, before the store and role can be opened.
    @Inject
    Instance<NodeRole> role;

    @Inject
    Instance<KvStore> store;

    @Inject
    Instance<Replication> replication;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/kv") && !path.startsWith("/kv/")) {
            return;
        }
        Role current = role.get().current().role();
        response.getHeaders().putSingle(ROLE_HEADER, current.text());
        // A GET sets the set itself, read before its value; only answers without one get the current set.
        if (!response.getHeaders().containsKey(EXECUTED_HEADER)) {
            response.getHeaders().putSingle(EXECUTED_HEADER, store.get().executed().toString());
        }
        response.getHeaders().putSingle(LAG_HEADER,
                current == Role.PRIMARY ? "0" : lagHeader(replication.get().status().secondsBehind()));
    }

    /** Seconds behind the source as a plain decimal ({@code 0}, {@code 1.25}), or -1 when unknown. */
    static String lagHeader(Double secondsBehind) {
        return secondsBehind == null ? UNKNOWN_LAG
                : BigDecimal.valueOf(secondsBehind).stripTrailingZeros().toPlainString();
    }
}
