package dev.outagelab.statuspage.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.outagelab.statuspage.core.ComponentIds;
import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.core.Indicator;
import dev.outagelab.statuspage.core.StatusRollup;
import dev.outagelab.statuspage.core.TargetState;
import dev.outagelab.statuspage.core.TargetStatus;

/**
 * Builds the Statuspage v2 view of one snapshot of the board. Pure: the same snapshot always gives
 * the same JSON, which keeps the three endpoints consistent with each other.
 */
final class StatuspageView {

    /** The lab's modules in the order a reader follows a request: edge, name, data, control, us. */
    static final List<String> GROUP_ORDER = List.of("cdn-edge", "dns-resolver", "db-node", "orchestrator", "status-page");

    static final String WAITING = "Waiting for first probe";

    private final PageDto page;
    private final List<ComponentDto> components;
    private final StatusDto status;

    StatuspageView(String pageName, String pageUrl, Instant createdAt, List<TargetState> states) {
        String pageId = ComponentIds.page(pageName);
        String created = Timestamps.format(createdAt);

        Map<String, List<TargetState>> byGroup = new LinkedHashMap<>();
        states.stream()
                .map(s -> s.target().component())
                .distinct()
                .sorted(Comparator.comparingInt(StatuspageView::groupRank).thenComparing(Comparator.naturalOrder()))
                .forEach(component -> byGroup.put(component, new ArrayList<>()));
        for (TargetState state : states) {
            byGroup.get(state.target().component()).add(state);
        }

        List<ComponentDto> out = new ArrayList<>();
        List<ComponentStatus> groupStatuses = new ArrayList<>();
        Instant pageUpdated = createdAt;
        int groupPosition = 0;
        for (Map.Entry<String, List<TargetState>> entry : byGroup.entrySet()) {
            String groupId = ComponentIds.group(entry.getKey());
            List<TargetState> children = entry.getValue();
            List<ComponentDto> childDtos = new ArrayList<>();
            List<String> childIds = new ArrayList<>();
            List<TargetStatus> childStatuses = new ArrayList<>();
            Instant groupUpdated = createdAt;
            int childPosition = 0;
            for (TargetState child : children) {
                String childId = ComponentIds.instance(child.target().name());
                childIds.add(childId);
                childStatuses.add(child.status());
                if (child.statusSince().isAfter(groupUpdated)) {
                    groupUpdated = child.statusSince();
                }
                childDtos.add(new ComponentDto(childId, child.target().name(),
                        StatusRollup.instanceStatus(child.status()).apiValue(), created,
                        Timestamps.format(child.statusSince()), ++childPosition, describe(child), true, null,
                        groupId, pageId, false, false, null));
            }
            ComponentStatus groupStatus = StatusRollup.groupStatus(childStatuses);
            groupStatuses.add(groupStatus);
            out.add(new ComponentDto(groupId, entry.getKey(), groupStatus.apiValue(), created,
                    Timestamps.format(groupUpdated), ++groupPosition, null, false, null, null, pageId, true, false,
                    List.copyOf(childIds)));
            out.addAll(childDtos);
            if (groupUpdated.isAfter(pageUpdated)) {
                pageUpdated = groupUpdated;
            }
        }

        this.page = new PageDto(pageId, pageName, pageUrl, "Etc/UTC", Timestamps.format(pageUpdated));
        this.components = List.copyOf(out);
        boolean nothingProbed = !states.isEmpty()
                && states.stream().allMatch(s -> s.status() == TargetStatus.UNKNOWN);
        Indicator indicator = StatusRollup.indicator(groupStatuses);
        this.status = new StatusDto(indicator.apiValue(), nothingProbed ? WAITING : indicator.description());
    }

    PageDto page() {
        return page;
    }

    List<ComponentDto> components() {
        return components;
    }

    StatusDto status() {
        return status;
    }

    private static String describe(TargetState state) {
        String region = "region " + state.target().region();
        return switch (state.status()) {
            case UP -> region;
            case DOWN -> region + " — " + state.reason();
            case UNKNOWN -> region + " — " + WAITING.toLowerCase(Locale.ROOT);
        };
    }

    private static int groupRank(String component) {
        int index = GROUP_ORDER.indexOf(component);
        return index < 0 ? GROUP_ORDER.size() : index;
    }
}
