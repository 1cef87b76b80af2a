package dev.outagelab.statuspage.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.outagelab.statuspage.core.DiscoveredService;

/**
 * Finds each module's instances in DNS, the way Kubernetes publishes a headless Service's pods: SRV records
 * ({@code _management._tcp.<service>.<namespace>.svc.cluster.local}, one per pod, each naming the pod's host and
 * port) or A records plus a configured port. Every name is resolved again every interval, off the probe path.
 *
 * <p>An instance that leaves DNS is kept, as gone, for {@code forgetAfter}: Kubernetes drops a pod from its
 * Service the moment it dies or stops being ready, and a vanished instance is an outage to show, not a smaller
 * fleet. After that it is forgotten (a scale-down) and {@code onForget} is told. A failed lookup (timeout,
 * SERVFAIL) changes nothing: the DNS server's trouble is not the instances' trouble.
 */
public final class DnsDiscovery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsDiscovery.class);

    /** An instance as DNS last listed it; {@code goneSince} is null while it is listed. */
    public record Instance(String name, URI healthUrl, Instant goneSince) {
    }

    private final List<DiscoveredService> services;
    private final Resolver resolver;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Consumer<String> onForget;
    private final Map<DiscoveredService, Map<String, Instance>> known = new ConcurrentHashMap<>();
    private final Set<DiscoveredService> unanswered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-discovery");
        thread.setDaemon(true);
        return thread;
    });

    /** @param server the DNS server to ask, or null for the system's resolvers */
    public DnsDiscovery(InetSocketAddress server, Duration timeout, Duration forgetAfter,
            List<DiscoveredService> services, Clock clock, Consumer<String> onForget) {
        this.services = List.copyOf(services);
        this.forgetAfter = forgetAfter;
        this.clock = clock;
        this.onForget = onForget;
        this.resolver = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        resolver.setTimeout(timeout);
    }

    /** Resolves every name now and then every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Resolves every name once; blocks for at most a few DNS timeouts per name. */
    public void refresh() {
        for (DiscoveredService service : services) {
            try {
                refresh(service);
            } catch (RuntimeException e) {
                LOG.errorf(e, "discovery of %s failed", service.name());
            }
        }
    }

    /** The instances of {@code service}, listed ones and gone ones not yet forgotten, by name. */
    public List<Instance> instances(DiscoveredService service) {
        return List.copyOf(known.getOrDefault(service, Map.of()).values());
    }

    private void refresh(DiscoveredService service) {
        Map<String, URI> listed;
        try {
            listed = resolve(service);
        } catch (Unanswered e) {
            if (unanswered.add(service)) { // once per outage, not once per interval
                LOG.warnf("discovery: %s; keeping the instances known until DNS answers", e.getMessage());
            }
            return;
        }
        if (unanswered.remove(service)) {
            LOG.infof("discovery: %s answers again", service.name());
        }
        Instant now = clock.instant();
        Map<String, Instance> before = known.getOrDefault(service, Map.of());
        Map<String, Instance> after = new TreeMap<>();
        listed.forEach((name, url) -> {
            Instance previous = before.get(name);
            if (previous == null || previous.goneSince() != null) {
                LOG.infof("%s: %s found in DNS at %s", service.component(), name, url.getAuthority());
            }
            after.put(name, new Instance(name, url, null));
        });
        for (Instance old : before.values()) {
            if (after.containsKey(old.name())) {
                continue;
            }
            Instant goneSince = old.goneSince() == null ? now : old.goneSince();
            if (old.goneSince() == null) {
                LOG.warnf("%s: %s left DNS; counted as down until it returns or %ds pass", service.component(),
                        old.name(), forgetAfter.toSeconds());
            }
            if (now.isBefore(goneSince.plus(forgetAfter))) {
                after.put(old.name(), new Instance(old.name(), old.healthUrl(), goneSince));
            } else {
                LOG.infof("%s: %s forgotten after %ds out of DNS", service.component(), old.name(),
                        forgetAfter.toSeconds());
                onForget.accept(old.name());
            }
        }
        known.put(service, Collections.unmodifiableMap(after));
    }

    /** Instance name to readiness URL. */
    private Map<String, URI> resolve(DiscoveredService service) throws Unanswered {
        Name name = name(service.name());
        Map<String, URI> out = new TreeMap<>();
        if (service.srv()) {
            for (Record record : lookup(name, Type.SRV)) {
                SRVRecord srv = (SRVRecord) record;
                List<Record> addresses = lookup(srv.getTarget(), Type.A);
                if (!addresses.isEmpty()) {
                    // The pod's host name (StatefulSet: lab-db-node-east-0; Deployment: its dashed IP).
                    out.put(srv.getTarget().getLabelString(0), url(addresses.get(0), srv.getPort(), service.path()));
                }
            }
        } else {
            for (Record record : lookup(name, Type.A)) {
                String address = ((ARecord) record).getAddress().getHostAddress();
                out.put(address.replace('.', '-'), url(record, service.port(), service.path()));
            }
        }
        return out;
    }

    /** The records; an empty list when the name or type does not exist. */
    private List<Record> lookup(Name name, int type) throws Unanswered {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(null); // every refresh asks the server: a cached answer would hide a pod leaving
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> records == null ? List.of() : new ArrayList<>(List.of(records));
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> List.of();
            default -> throw new Unanswered(name + " " + Type.string(type) + " not answered (" + lookup.getErrorString()
                    + ")");
        };
    }

    /** DNS did not answer (timeout, SERVFAIL): says nothing about the instances. */
    private static final class Unanswered extends Exception {
        Unanswered(String message) {
            super(message, null, false, false);
        }
    }

    private static URI url(Record address, int port, String path) {
        InetAddress ip = ((ARecord) address).getAddress();
        return URI.create("http://" + ip.getHostAddress() + ":" + port + path);
    }

    private static Name name(String absolute) {
        try {
            return Name.fromString(absolute);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + absolute, e); // the validator checked it
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
