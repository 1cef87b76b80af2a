package dev.outagelab.statuspage.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outagelab.statuspage.incident.IncidentService;

/**
 * The public, read-only Statuspage v2 API (https://doers.statuspage.io/api/v2/) as JSON documents, all from
 * one {@link StatuspageView} so they agree. Served by {@code serve.ReadRoutes}, which renders them once per
 * data version rather than once per request.
 */
@ApplicationScoped
public class StatuspageJson {

    public static final String SUMMARY = "/api/v2/summary.json";
    public static final String STATUS = "/api/v2/status.json";
    public static final String COMPONENTS = "/api/v2/components.json";
    public static final String INCIDENTS = "/api/v2/incidents.json";
    public static final String UNRESOLVED = "/api/v2/incidents/unresolved.json";
    public static final List<String> PATHS = List.of(SUMMARY, STATUS, COMPONENTS, INCIDENTS, UNRESOLVED);

    @Inject
    StatusViews views;

    @Inject
    IncidentService incidents;

    @Inject
    ObjectMapper json;

    /**
     * Every document of {@link #PATHS}, by path.
     *
     * @param pageUrl whatever address the reader used, so links are right behind any port-forward
     */
    public Map<String, byte[]> render(String pageUrl) {
        StatuspageView view = views.now(pageUrl);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put(SUMMARY, write(summary(view, incidents)));
        bodies.put(STATUS, write(new PageStatusDto(view.page(), view.status())));
        bodies.put(COMPONENTS, write(new ComponentsDto(view.page(), view.components())));
        bodies.put(INCIDENTS, write(new IncidentsDto(view.page(), view.incidents(incidents.all()))));
        bodies.put(UNRESOLVED, write(new IncidentsDto(view.page(), view.incidents(incidents.unresolved()))));
        return bodies;
    }

    static SummaryDto summary(StatuspageView view, IncidentService incidents) {
        return new SummaryDto(view.page(), view.components(), view.incidents(incidents.unresolved()),
                List.of(), view.status());
    }

    private byte[] write(Object dto) {
        try {
            return json.writeValueAsBytes(dto);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + dto.getClass().getSimpleName(), e);
        }
    }
}
