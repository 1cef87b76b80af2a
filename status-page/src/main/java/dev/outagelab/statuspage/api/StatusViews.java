package dev.outagelab.statuspage.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outagelab.statuspage.config.StatusConfig;
import dev.outagelab.statuspage.probe.Prober;

/** Builds a {@link StatuspageView} of this moment for the API, the stream and the page. */
@ApplicationScoped
public class StatusViews {

    @Inject
    Prober prober;

    @Inject
    StatusConfig config;

    /** @param pageUrl whatever address the reader used, so links are right behind any port-forward */
    public StatuspageView now(String pageUrl) {
        return new StatuspageView(config.page().name(), pageUrl, prober.board().createdAt(),
                prober.engine().trackers());
    }
}
