package dev.outagelab.orchestrator.analysis;

import java.io.IOException;
import java.nio.file.Path;

import dev.outagelab.orchestrator.topology.Topology;

/** Lets other tests reuse the golden topologies. */
public final class AnalysisGoldenTestAccess {

    private AnalysisGoldenTestAccess() {
    }

    public static Topology load(Path file) throws IOException {
        return AnalysisGoldenTest.load(file);
    }
}
