package dev.outagelab.statuspage.probe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Path-segment encoding (URLEncoder is for forms: it turns spaces into '+' and slashes into %2F). */
final class URLs {

    private URLs() {
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
