package dev.outagelab.statuspage.serve;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.Template;

import dev.outagelab.statuspage.api.StatuspageJson;
import dev.outagelab.statuspage.core.DataVersion;
import dev.outagelab.statuspage.page.PageModel;
import dev.outagelab.statuspage.page.PageModels;

/**
 * Renders what the public port serves once per {@link DataVersion} (every probe round and every change), so a
 * room of people reloading the page costs byte copies, not templating, JSON writing or database reads.
 */
@ApplicationScoped
public class Snapshots {

    @Inject
    DataVersion dataVersion;

    @Inject
    PageModels models;

    @Inject
    Template page;

    @Inject
    StatuspageJson json;

    private volatile Snapshot current;

    /** The snapshot of the current data, or null when it must be built first (which blocks: see {@link #fresh}). */
    public Snapshot ifFresh() {
        Snapshot snapshot = current;
        return snapshot != null && snapshot.version() == dataVersion.current() ? snapshot : null;
    }

    /** The snapshot of the current data, built now if the data moved; blocks (it reads the history). */
    public synchronized Snapshot fresh() {
        long version = dataVersion.current();
        Snapshot snapshot = current;
        if (snapshot == null || snapshot.version() != version) {
            PageModel model = models.build();
            snapshot = new Snapshot(version, Body.of(page.data("m", model).render(), Body.HTML),
                    Body.of(page.getFragment("live").data("m", model).render(), Body.HTML), this::renderApi);
            current = snapshot;
        }
        return snapshot;
    }

    private Map<String, Body> renderApi(String pageUrl) {
        Map<String, Body> bodies = new LinkedHashMap<>();
        json.render(pageUrl).forEach((path, bytes) -> bodies.put(path, Body.of(bytes, Body.JSON)));
        return bodies;
    }
}
