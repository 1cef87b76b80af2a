package dev.outagelab.statuspage.page;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.NoCache;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * The page, rendered on the server so it reads without JavaScript; {@code /page/live} is the same template's
 * {@code live} fragment, which the page's script fetches when the stream says something changed.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@NoCache
public class PageResource {

    @Inject
    Template page;

    @Inject
    PageModels models;

    @GET
    public TemplateInstance index() {
        return page.data("m", models.now());
    }

    @GET
    @Path("/page/live")
    public TemplateInstance live() {
        return page.getFragment("live").data("m", models.now());
    }
}
