package dev.outagelab.dbnode.rest;

import dev.outagelab.dbnode.store.KvStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /kv?prefix=&limit=&after=}: the keys starting with {@code prefix}, in key order, a page at a time.
 * Paging by the last key seen (not by offset) keeps a page boundary stable while other keys are written.
 */
@Path("/kv")
public class KvListResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    KvStore store;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("prefix") String prefix, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        int pageSize;
        try {
            pageSize = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            pageSize = -1;
        }
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            return ApiError.response(Response.Status.BAD_REQUEST, "invalid_limit",
                    "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'");
        }
        // One more than asked tells whether another page follows without a second scan.
        List<Map.Entry<String, byte[]>> found = store.list(prefix == null ? "" : prefix, after, pageSize + 1);
        List<KvItem> items = found.stream().limit(pageSize).map(e -> KvItem.of(e.getKey(), e.getValue())).toList();
        String next = found.size() > pageSize ? items.get(items.size() - 1).key() : null;
        return Response.ok(new KvPage(items, next)).build();
    }
}
