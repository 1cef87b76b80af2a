package dev.outagelab.lab.status;

import dev.outagelab.lab.http.Probe;
import dev.outagelab.lab.local.InstanceRecord;
import dev.outagelab.lab.local.InstancesDocument;
import dev.outagelab.lab.local.LabPaths;
import dev.outagelab.lab.local.LabProcesses;
import dev.outagelab.lab.local.RunningLab;
import dev.outagelab.lab.local.StateFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link LabStatus}: the supervisor's view of each instance plus a fresh readiness probe. */
public final class StatusCollector {

    private final LabPaths paths;
    private final Probe probe = new Probe();

    public StatusCollector(LabPaths paths) {
        this.paths = paths;
    }

    public LabStatus collect() throws IOException {
        Optional<RunningLab> lab = RunningLab.find(paths);
        if (lab.isPresent()) {
            try {
                InstancesDocument doc = lab.get().client().instances();
                return new LabStatus(true, doc.portOffset(), entries(doc));
            } catch (IOException unreachable) {
                // A supervisor that does not answer is as good as none: fall back to what it last recorded.
            }
        }
        return notUp();
    }

    private List<StatusEntry> entries(InstancesDocument doc) {
        List<String> urls = doc.instances().stream()
                .filter(r -> r.pid() != null)
                .map(StatusCollector::readinessUrl)
                .toList();
        Map<String, Boolean> ok = probe.areOk(urls);
        List<StatusEntry> entries = new ArrayList<>();
        for (InstanceRecord r : doc.instances()) {
            boolean probeOk = r.pid() != null && ok.getOrDefault(readinessUrl(r), false);
            entries.add(entry(r, r.pid(), InstanceState.of(r, probeOk)));
        }
        return entries;
    }

    private LabStatus notUp() throws IOException {
        Optional<InstancesDocument> recorded = StateFiles.read(paths.instancesFile(), InstancesDocument.class);
        List<StatusEntry> leftovers = new ArrayList<>();
        recorded.ifPresent(doc -> doc.instances().forEach(r -> LabProcesses
                .labInstance(r.pid(), r.name(), paths.stateDir())
                .ifPresent(h -> leftovers.add(entry(r, h.pid(), InstanceState.DOWN)))));
        return new LabStatus(false, recorded.map(InstancesDocument::portOffset).orElse(0), leftovers);
    }

    static StatusEntry entry(InstanceRecord r, Long pid, InstanceState state) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("app", "http://127.0.0.1:" + r.appPort());
        urls.put("management", "http://127.0.0.1:" + r.managementPort());
        if (r.dnsPort() != null) {
            urls.put("dns", "127.0.0.1:" + r.dnsPort());
        }
        return new StatusEntry(r.name(), r.component(), r.region(), pid, state, r.restarts(), urls);
    }

    private static String readinessUrl(InstanceRecord r) {
        return "http://127.0.0.1:" + r.managementPort() + "/q/health/ready";
    }
}
