package dev.outagelab.statuspage.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.NoCache;

import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.probe.Prober;

/** The public, read-only Statuspage v2 API (https://doers.statuspage.io/api/v2/). */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@NoCache
public class StatuspageResource {

    @Inject
    Prober prober;

    @Inject
    StatusConfig config;

    @GET
    @Path("/summary.json")
    public SummaryDto summary(@Context UriInfo uriInfo) {
        StatuspageView view = view(uriInfo);
        return new SummaryDto(view.page(), view.components(), List.of(), List.of(), view.status());
    }

    @GET
    @Path("/components.json")
    public ComponentsDto components(@Context UriInfo uriInfo) {
        StatuspageView view = view(uriInfo);
        return new ComponentsDto(view.page(), view.components());
    }

    @GET
    @Path("/status.json")
    public PageStatusDto status(@Context UriInfo uriInfo) {
        StatuspageView view = view(uriInfo);
        return new PageStatusDto(view.page(), view.status());
    }

    private StatuspageView view(UriInfo uriInfo) {
        // The page URL is whatever address the reader used, so it is right behind any port-forward.
        String url = uriInfo.getBaseUri().toString();
        return new StatuspageView(config.page().name(), url, prober.board().createdAt(), prober.board().snapshot());
    }
}
