package dev.outagelab.statuspage.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outagelab.statuspage.core.ComponentDef;
import dev.outagelab.statuspage.core.ComponentIds;
import dev.outagelab.statuspage.core.ComponentState;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.ComponentTracker;
import dev.outagelab.statuspage.core.Indicator;
import dev.outagelab.statuspage.core.StatusRollup;
import dev.outagelab.statuspage.incident.Incident;
import dev.outagelab.statuspage.incident.IncidentUpdate;

/**
 * The Statuspage v2 view of one moment. Pure: built from one snapshot, so every endpoint and the page
 * agree. Components appear after their first verdict (or their last one on disk); groups ("CDN",
 * "Database") list their children, which follow them.
 */
public final class StatuspageView {

    private final PageDto page;
    private final List<ComponentDto> components;
    private final Map<String, ComponentDto> byKey = new HashMap<>();
    private final StatusDto status;
    private final String pageId;

    public StatuspageView(String pageName, String pageUrl, Instant createdAt, List<ComponentTracker> trackers) {
        this.pageId = ComponentIds.page(pageName);
        String created = Timestamps.format(createdAt);

        Map<String, List<ComponentTracker>> groups = new LinkedHashMap<>();
        for (ComponentTracker tracker : trackers) {
            if (tracker.def().group() != null && tracker.state() != null) {
                groups.computeIfAbsent(tracker.def().group(), g -> new ArrayList<>()).add(tracker);
            }
        }
        List<ComponentDto> out = new ArrayList<>();
        List<ComponentStatus> topLevel = new ArrayList<>();
        Instant pageUpdated = createdAt;
        int position = 0;
        for (ComponentTracker tracker : trackers) {
            ComponentDef def = tracker.def();
            ComponentState state = tracker.state();
            if (state == null) {
                continue;
            }
            if (def.group() == null) {
                ComponentDto dto = component(def, state, created, ++position, null);
                out.add(dto);
                byKey.put(def.key(), dto);
                topLevel.add(state.status());
                pageUpdated = later(pageUpdated, state.since());
                continue;
            }
            List<ComponentTracker> children = groups.remove(def.group());
            if (children == null) {
                continue; // group already written with its first child
            }
            String groupId = ComponentIds.group(def.group());
            List<ComponentStatus> childStatuses = new ArrayList<>();
            List<String> childIds = new ArrayList<>();
            List<ComponentDto> childDtos = new ArrayList<>();
            Instant groupUpdated = createdAt;
            int childPosition = 0;
            for (ComponentTracker child : children) {
                ComponentDto dto = component(child.def(), child.state(), created, ++childPosition, groupId);
                childDtos.add(dto);
                byKey.put(child.def().key(), dto);
                childIds.add(dto.id());
                childStatuses.add(child.state().status());
                groupUpdated = later(groupUpdated, child.state().since());
            }
            ComponentStatus groupStatus = StatusRollup.worst(childStatuses);
            topLevel.add(groupStatus);
            pageUpdated = later(pageUpdated, groupUpdated);
            out.add(new ComponentDto(groupId, def.group(), groupStatus.apiValue(), created,
                    Timestamps.format(groupUpdated), ++position, null, false, null, null, pageId, true, false,
                    List.copyOf(childIds)));
            out.addAll(childDtos);
        }
        this.components = List.copyOf(out);
        this.page = new PageDto(pageId, pageName, pageUrl, "Etc/UTC", Timestamps.format(pageUpdated));
        Indicator indicator = StatusRollup.indicator(topLevel);
        this.status = new StatusDto(indicator.apiValue(), indicator.description());
    }

    private ComponentDto component(ComponentDef def, ComponentState state, String created, int position,
            String groupId) {
        String description = state.reason() == null ? def.description() : def.description() + " — " + state.reason();
        return new ComponentDto(ComponentIds.component(def.key()), def.name(), state.status().apiValue(), created,
                Timestamps.format(state.since()), position, description, true, null, groupId, pageId, false, false,
                null);
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    public PageDto page() {
        return page;
    }

    public List<ComponentDto> components() {
        return components;
    }

    public StatusDto status() {
        return status;
    }

    public IncidentDto incident(Incident incident) {
        List<IncidentUpdateDto> updates = new ArrayList<>();
        for (IncidentUpdate update : incident.updates()) {
            String at = Timestamps.format(update.createdAt());
            updates.add(new IncidentUpdateDto(update.id(), update.status().apiValue(), update.body(), incident.id(), at,
                    at, at, false));
        }
        List<ComponentDto> linked = new ArrayList<>();
        for (String key : incident.componentKeys()) {
            ComponentDto dto = byKey.get(key);
            if (dto != null) {
                linked.add(dto);
            }
        }
        return new IncidentDto(incident.id(), incident.name(), incident.status().apiValue(),
                Timestamps.format(incident.createdAt()), Timestamps.format(incident.updatedAt()),
                Timestamps.format(incident.monitoringAt()), Timestamps.format(incident.resolvedAt()),
                incident.impact().apiValue(), page.url() + "#incident-" + incident.id(),
                Timestamps.format(incident.createdAt()), pageId, List.copyOf(updates), List.copyOf(linked));
    }

    public List<IncidentDto> incidents(List<Incident> incidents) {
        return incidents.stream().map(this::incident).toList();
    }
}
