package dev.outagelab.statuspage.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Everything the public port serves for one data version: the page and its live fragment, rendered when the
 * snapshot is built, and the v2 JSON documents, rendered on first use for each address readers use (the page
 * URL inside them is the reader's). A reader's Host header is not trusted to be one of a few, so at most
 * {@link #MAX_ADDRESSES} addresses are kept; others are rendered for their request only.
 */
public final class Snapshot {

    static final int MAX_ADDRESSES = 8;

    private final long version;
    private final Body page;
    private final Body live;
    private final Function<String, Map<String, Body>> renderApi;
    private final Map<String, Map<String, Body>> apiByPageUrl = new ConcurrentHashMap<>();

    Snapshot(long version, Body page, Body live, Function<String, Map<String, Body>> renderApi) {
        this.version = version;
        this.page = page;
        this.live = live;
        this.renderApi = renderApi;
    }

    public long version() {
        return version;
    }

    public Body page() {
        return page;
    }

    public Body live() {
        return live;
    }

    /** The v2 document at {@code path} with links to {@code pageUrl}. */
    public Body api(String pageUrl, String path) {
        Map<String, Body> bodies = apiByPageUrl.get(pageUrl);
        if (bodies == null) {
            bodies = renderApi.apply(pageUrl);
            if (apiByPageUrl.size() < MAX_ADDRESSES) {
                apiByPageUrl.putIfAbsent(pageUrl, bodies);
            }
        }
        return bodies.get(path);
    }
}
