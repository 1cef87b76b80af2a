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

import dev.outagelab.statuspage.incident.IncidentService;

/** The public, read-only Statuspage v2 API (https://doers.statuspage.io/api/v2/). */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@NoCache
public class StatuspageResource {

    @Inject
    StatusViews views;

    @Inject
    IncidentService incidents;

    @GET
    @Path("/summary.json")
    public SummaryDto summary(@Context UriInfo uriInfo) {
        return summary(views.now(uriInfo.getBaseUri().toString()), incidents);
    }

    static SummaryDto summary(StatuspageView view, IncidentService incidents) {
        return new SummaryDto(view.page(), view.components(), view.incidents(incidents.unresolved()),
                List.of(), view.status());
    }

    @GET
    @Path("/components.json")
    public ComponentsDto components(@Context UriInfo uriInfo) {
        StatuspageView view = views.now(uriInfo.getBaseUri().toString());
        return new ComponentsDto(view.page(), view.components());
    }

    @GET
    @Path("/status.json")
    public PageStatusDto status(@Context UriInfo uriInfo) {
        StatuspageView view = views.now(uriInfo.getBaseUri().toString());
        return new PageStatusDto(view.page(), view.status());
    }

    @GET
    @Path("/incidents.json")
    public IncidentsDto incidents(@Context UriInfo uriInfo) {
        StatuspageView view = views.now(uriInfo.getBaseUri().toString());
        return new IncidentsDto(view.page(), view.incidents(incidents.all()));
    }

    @GET
    @Path("/incidents/unresolved.json")
    public IncidentsDto unresolved(@Context UriInfo uriInfo) {
        StatuspageView view = views.now(uriInfo.getBaseUri().toString());
        return new IncidentsDto(view.page(), view.incidents(incidents.unresolved()));
    }
}
