package dev.outagelab.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.outagelab.orchestrator.recovery.DnsUpdater;
import dev.outagelab.orchestrator.support.FakeDbNode;
import dev.outagelab.orchestrator.support.FakeDnsServer;
import dev.outagelab.orchestrator.support.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The neighbours of the one Quarkus start every @QuarkusTest shares: three healthy fake db-nodes (east-0 primary,
 * east-1 and west-0 replicas), a TSIG-checking fake DNS server, and a one-node Raft group on a free port.
 */
public class OrchestratorTestResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "test-admin-token-not-secret";
    static final String TSIG_SECRET = "dGVzdC1vbmx5LXRzaWctc2VjcmV0LWZvci1vdXRhZ2UtbGFi";
    private static final String A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

    private final List<FakeDbNode> nodes = new ArrayList<>();
    private FakeDnsServer dns;
    private Path raftDir;

    @Override
    public Map<String, String> start() {
        FakeDbNode east0 = new FakeDbNode(TOKEN, FakeDbNode.status("db-node-east-0", "east", "primary", A + ":1-5",
                null, "not-configured", null).put("uuid", A));
        FakeDbNode east1 = new FakeDbNode(TOKEN, FakeDbNode.status("db-node-east-1", "east", "replica", A + ":1-5",
                east0.appUrl(), "streaming", 100L));
        FakeDbNode west0 = new FakeDbNode(TOKEN, FakeDbNode.status("db-node-west-0", "west", "replica", A + ":1-5",
                east0.appUrl(), "streaming", 100L));
        nodes.addAll(List.of(east0, east1, west0));
        dns = new FakeDnsServer(DnsUpdater.key("orchestrator.lab.internal.", TSIG_SECRET));
        try {
            raftDir = Files.createTempDirectory("orchestrator-raft-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("orchestrator.db-nodes.db-node-east-0.region", "east");
        config.put("orchestrator.db-nodes.db-node-east-0.admin-url", east0.adminUrl());
        config.put("orchestrator.db-nodes.db-node-east-1.region", "east");
        config.put("orchestrator.db-nodes.db-node-east-1.admin-url", east1.adminUrl());
        config.put("orchestrator.db-nodes.db-node-west-0.region", "west");
        config.put("orchestrator.db-nodes.db-node-west-0.admin-url", west0.adminUrl());
        config.put("orchestrator.raft.self", "orchestrator-test");
        config.put("orchestrator.raft.peers", "orchestrator-test=127.0.0.1:" + FreePorts.next());
        config.put("orchestrator.raft.storage-dir", raftDir.toString());
        config.put("orchestrator.dns.servers", dns.address());
        return config;
    }

    @Override
    public void stop() {
        nodes.forEach(FakeDbNode::close);
        try {
            if (dns != null) {
                dns.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (raftDir != null) {
            try (Stream<Path> files = Files.walk(raftDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
