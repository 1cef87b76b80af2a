package dev.outagelab.statuspage.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outagelab.statuspage.api.ComponentDto;
import dev.outagelab.statuspage.api.StatusViews;
import dev.outagelab.statuspage.api.StatuspageView;
import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.core.ComponentIds;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.history.History;
import dev.outagelab.statuspage.history.StateChange;
import dev.outagelab.statuspage.incident.Incident;
import dev.outagelab.statuspage.incident.IncidentService;
import dev.outagelab.statuspage.incident.IncidentUpdate;
import dev.outagelab.statuspage.probe.Prober;

/** Builds the page's {@link PageModel} from the same v2 view the API serves, so page and API agree. */
@ApplicationScoped
public class PageModels {

    private static final int TIMELINE = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    StatusViews views;

    @Inject
    Prober prober;

    @Inject
    IncidentService incidents;

    @Inject
    History history;

    @Inject
    Uptimes uptimes;

    @Inject
    StatusConfig config;

    /**
     * The model for the current data. Reads every component's recent uptime from disk, so it blocks: callers
     * build it once per data version ({@code serve.Snapshots}), never once per request.
     */
    public PageModel build() {
        StatuspageView view = views.now("/");
        Map<String, String> keyById = new HashMap<>();
        Map<String, String> nameByKey = new HashMap<>();
        for (ComponentTracker tracker : prober.engine().trackers()) {
            keyById.put(ComponentIds.component(tracker.def().key()), tracker.def().key());
            nameByKey.put(tracker.def().key(), tracker.def().name());
        }
        Map<String, ComponentDto> byId = new HashMap<>();
        view.components().forEach(c -> byId.put(c.id(), c));

        List<PageModel.Row> rows = new ArrayList<>();
        for (ComponentDto component : view.components()) {
            if (component.groupId() != null) {
                continue; // listed under its group
            }
            List<PageModel.Row> children = new ArrayList<>();
            if (component.group()) {
                for (String childId : component.components()) {
                    ComponentDto child = byId.get(childId);
                    children.add(row(child, keyById.get(childId), List.of()));
                }
            }
            rows.add(row(component, keyById.get(component.id()), children));
        }

        Instant lastProbe = prober.lastRoundCompletedAt();
        String indicator = view.status().indicator();
        return new PageModel(config.page().name(), indicator, view.status().description(), bannerClass(indicator),
                lastProbe == null ? "not yet" : TIME.format(lastProbe),
                lastProbe == null ? "" : lastProbe.toString(), prober.interval().toMillis() + "ms", rows,
                incidents.unresolved().stream().map(i -> incident(i, nameByKey)).toList(), timeline(nameByKey));
    }

    private PageModel.Row row(ComponentDto component, String key, List<PageModel.Row> children) {
        return new PageModel.Row(component.id(), component.name(), component.status(), label(component.status()),
                component.description(), component.updatedAt(), key == null ? null : uptimes.of(key),
                List.copyOf(children));
    }

    private static PageModel.IncidentView incident(Incident incident, Map<String, String> nameByKey) {
        List<PageModel.UpdateView> updates = incident.updates().stream()
                .map(u -> new PageModel.UpdateView(u.status().apiValue(), u.body(), TIME.format(u.createdAt())))
                .toList();
        return new PageModel.IncidentView(incident.id(), incident.name(), incident.status().apiValue(),
                incident.impact().apiValue(), TIME.format(incident.createdAt()),
                incident.componentKeys().stream().map(k -> nameByKey.getOrDefault(k, k)).toList(), updates);
    }

    private record Dated(Instant at, PageModel.TimelineEntry entry) {
    }

    private List<PageModel.TimelineEntry> timeline(Map<String, String> nameByKey) {
        List<Dated> all = new ArrayList<>();
        for (StateChange change : history.changes(TIMELINE)) {
            String from = change.previous() == null ? "first seen" : label(change.previous().apiValue());
            all.add(new Dated(change.at(), new PageModel.TimelineEntry(TIME.format(change.at()), "component",
                    change.status().apiValue(), change.componentName() + ": " + from + " → "
                            + label(change.status().apiValue()), change.reason() == null ? "" : change.reason())));
        }
        for (Incident incident : incidents.all()) {
            for (IncidentUpdate update : incident.updates()) {
                all.add(new Dated(update.createdAt(), new PageModel.TimelineEntry(TIME.format(update.createdAt()),
                        "incident", update.status().apiValue(), incident.name() + ": " + update.status().apiValue(),
                        update.body())));
            }
        }
        all.sort(Comparator.comparing(Dated::at).reversed());
        return all.stream().limit(TIMELINE).map(Dated::entry).toList();
    }

    static String label(String status) {
        String words = status.replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    private static String bannerClass(String indicator) {
        return switch (indicator) {
            case "none" -> "operational";
            case "minor" -> "degraded_performance";
            case "major" -> "partial_outage";
            default -> "major_outage";
        };
    }
}
