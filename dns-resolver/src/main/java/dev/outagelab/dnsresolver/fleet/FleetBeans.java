package dev.outagelab.dnsresolver.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.outagelab.dnsresolver.config.DnsConfig;
import dev.outagelab.dnsresolver.health.SelfQuery;
import dev.outagelab.kit.admin.AdminConfig;
import dev.outagelab.kit.identity.Instance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Wires fleet health from {@code dns.fleet.*}; a bad peer list or config file fails start-up naming the key. */
public class FleetBeans {

    @Produces
    @Singleton
    FleetService fleet(DnsConfig config, Instance instance, AdminConfig admin, SelfQuery selfQuery) {
        String self = instance.name();
        Map<String, URI> members = parsePeers(config.fleet().peers().orElse(List.of()), self);
        FleetLog log = new FleetLog();
        MemberState state = new MemberState(self, log);
        Clock clock = Clock.systemUTC();
        LocalPeer local = new LocalPeer(state, () -> selfQuery.problem().isEmpty(), clock);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.fleet().peerTimeout()).build();
        List<Peer> all = new ArrayList<>();
        members.forEach((name, url) -> {
            if (name.equals(self)) {
                all.add(local);
            } else {
                all.add(new HttpPeer(name, url, admin.token(), config.fleet().peerTimeout(), http));
            }
        });
        return new FleetService(local, all, log, config.fleet().configFile(), clock,
                config.fleet().validate());
    }

    void onStart(@Observes StartupEvent event, FleetService fleet, DnsConfig config) {
        fleet.loadInitial();
        fleet.start(config.fleet().tickInterval());
    }

    void onStop(@Observes ShutdownEvent event, FleetService fleet) {
        fleet.stop();
    }

    /** {@code name=url} entries in order; the list must name this instance (its URL is not used). */
    public static Map<String, URI> parsePeers(List<String> entries, String self) {
        Map<String, URI> members = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("dns.fleet.peers: '" + entry + "' is not name=management-URL");
            }
            String name = entry.substring(0, eq).strip();
            URI url;
            try {
                url = URI.create(entry.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dns.fleet.peers: '" + entry + "' has a bad URL: " + e.getMessage());
            }
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("dns.fleet.peers: '" + entry + "' needs an absolute http URL");
            }
            if (members.put(name, url) != null) {
                throw new IllegalArgumentException("dns.fleet.peers: '" + name + "' is listed twice");
            }
        }
        if (members.isEmpty()) {
            members.put(self, URI.create("http://localhost/"));
        } else if (!members.containsKey(self)) {
            throw new IllegalArgumentException("dns.fleet.peers: does not name this instance (lab.instance.name="
                    + self + ")");
        }
        return members;
    }
}
