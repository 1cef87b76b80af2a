package dev.outagelab.orchestrator.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outagelab.orchestrator.analysis.Analysis;
import dev.outagelab.orchestrator.analysis.Evidence;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;
import io.vertx.core.json.JsonObject;

/**
 * The small HTML view at {@code /topology}: one column per region, each primary with its replicas nested below
 * it, the current analysis with its evidence, and who leads. Plain HTML that refreshes itself; no script.
 */
public final class TopologyPage {

    private static final List<String> REGIONS = List.of("east", "west", "cloud");

    private TopologyPage() {
    }

    public static String render(Topology topology, Analysis analysis, JsonObject raft) {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">")
                .append("<title>orchestrator topology</title><style>")
                .append("body{font-family:sans-serif;margin:1.5em}.regions{display:flex;gap:2em}")
                .append(".region{flex:1}ul{list-style:none;padding-left:1.2em}li{margin:.3em 0}")
                .append(".down{color:#b00}.primary{font-weight:bold}.code{font-size:1.3em}")
                .append("</style></head><body><h1>Replication topology</h1>");
        html.append("<p class=\"code\">Analysis: <b>").append(esc(analysis.code().name())).append("</b>");
        if (analysis.primary() != null) {
            html.append(" on ").append(esc(analysis.primary()));
        }
        html.append("</p><ul>");
        for (Evidence e : analysis.evidence()) {
            html.append("<li>").append(esc(e.toString())).append("</li>");
        }
        html.append("</ul><p>Raft: this node ").append(esc(raft.getString("self"))).append(", leader ")
                .append(esc(String.valueOf(raft.getString("leader")))).append(", term ")
                .append(esc(String.valueOf(raft.getValue("term")))).append("</p><div class=\"regions\">");
        Map<String, StringBuilder> columns = new LinkedHashMap<>();
        REGIONS.forEach(r -> columns.put(r, new StringBuilder()));
        for (NodeObservation n : topology.nodes()) {
            if (topology.sourceOf(n).isEmpty()) {
                columns.computeIfAbsent(n.region(), r -> new StringBuilder())
                        .append("<ul>").append(tree(topology, n, 0)).append("</ul>");
            }
        }
        columns.forEach((region, body) -> html.append("<div class=\"region\"><h2>").append(esc(region))
                .append("</h2>").append(body.length() == 0 ? "<p>no db-node roots here</p>" : body).append("</div>"));
        return html.append("</div><p>Generated ").append(esc(topology.at().toString()))
                .append(" — JSON: <a href=\"/api/topology\">/api/topology</a>, <a href=\"/api/analysis\">")
                .append("/api/analysis</a>, <a href=\"/api/recoveries\">/api/recoveries</a></p></body></html>")
                .toString();
    }

    private static String tree(Topology topology, NodeObservation node, int depth) {
        StringBuilder li = new StringBuilder("<li class=\"")
                .append(node.reachable() ? "" : "down ")
                .append(node.known() && node.status().isPrimary() ? "primary" : "").append("\">")
                .append(esc(node.name())).append(" (").append(esc(node.region()));
        if (node.known()) {
            li.append(", ").append(esc(node.status().role()));
            if (node.status().isPrimary() && !node.status().writable()) {
                li.append(node.status().fenced() ? ", fenced (read-only since its restart)" : ", read-only");
            }
            if (node.status().secondsBehind() != null && !node.status().isPrimary()) {
                li.append(", ").append(node.status().secondsBehind()).append(" s behind");
            }
        }
        li.append(node.reachable() ? "" : ", unreachable: " + esc(String.valueOf(node.lastError()))).append(')');
        List<NodeObservation> replicas = topology.replicasOf(node);
        // Depth bound: a replication cycle in stale statuses must not recurse forever.
        if (!replicas.isEmpty() && depth < topology.nodes().size()) {
            li.append("<ul>");
            for (NodeObservation r : replicas) {
                li.append(tree(topology, r, depth + 1));
            }
            li.append("</ul>");
        }
        return li.append("</li>").toString();
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
