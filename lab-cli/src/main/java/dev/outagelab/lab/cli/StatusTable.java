package dev.outagelab.lab.cli;

import dev.outagelab.lab.status.StatusEntry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The human-readable table of `lab up` and `lab status`. */
final class StatusTable {

    private static final List<String> HEADER =
            List.of("NAME", "COMPONENT", "REGION", "PID", "STATE", "RESTARTS", "APP", "MANAGEMENT", "DNS");

    private StatusTable() {
    }

    static void print(PrintWriter out, List<StatusEntry> entries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (StatusEntry e : entries) {
            rows.add(List.of(e.name(), e.component(), e.region(), e.pid() == null ? "-" : e.pid().toString(),
                    e.state().label(), Integer.toString(e.restarts()), port(e.urls().get("app")),
                    port(e.urls().get("management")), port(e.urls().get("dns"))));
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", r.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Only the port: every URL of the local lab is on 127.0.0.1. */
    private static String port(String url) {
        if (url == null) {
            return "-";
        }
        return url.substring(url.lastIndexOf(':') + 1);
    }
}
