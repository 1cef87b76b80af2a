package dev.outagelab.statuspage.page;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** Everything the page template shows, already worded and formatted; the template only lays it out. */
@TemplateData
public record PageModel(
        String pageName,
        String indicator,
        String bannerText,
        String bannerClass,
        String lastProbeAt,
        String lastProbeIso,
        String probeInterval,
        List<Row> rows,
        List<IncidentView> openIncidents,
        List<TimelineEntry> timeline) {

    /** A top-level component, or a group with its children. */
    @TemplateData
    public record Row(String id, String name, String status, String statusLabel, String description, String since,
            Uptime uptime, List<Row> children) {

        public boolean isGroup() {
            return !children.isEmpty();
        }
    }

    /**
     * Per-minute bars for the recent past and daily bars for 90 days, with their uptime percentages. Neighbouring
     * bars of the same status are drawn as one run, so a quiet hour is one SVG rectangle, not sixty elements.
     */
    @TemplateData
    public record Uptime(List<Run> minutes, String minutesPercent, List<Run> days, String daysPercent) {
    }

    /**
     * Neighbouring bars with the same worst status ({@code none} without data): {@code width} bars starting at
     * bar {@code x}, with a tooltip saying when and how many probes succeeded.
     */
    @TemplateData
    public record Run(int x, int width, String status, String title) {
    }

    @TemplateData
    public record IncidentView(String id, String name, String status, String impact, String createdAt,
            List<String> components, List<UpdateView> updates) {
    }

    @TemplateData
    public record UpdateView(String status, String body, String at) {
    }

    /** A status change or an incident update. */
    @TemplateData
    public record TimelineEntry(String at, String kind, String status, String title, String text) {
    }
}
