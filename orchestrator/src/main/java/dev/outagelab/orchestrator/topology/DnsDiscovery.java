package dev.outagelab.orchestrator.topology;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Finds db-nodes in DNS, the way Kubernetes publishes a StatefulSet behind a headless Service: one SRV record per pod
 * under {@code _<port-name>._tcp.<service>.<namespace>.svc.<cluster-domain>}, whose target is the pod's stable name
 * ({@code outage-lab-db-node-east-0.outage-lab-db-node-headless.<namespace>.svc...}) and whose port is the named
 * port (the management port). The target's first label, less the release's pod-name prefix, is the instance name
 * ({@code db-node-east-0}). Resolved again every interval, so db-nodes added later are watched too.
 */
public class DnsDiscovery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsDiscovery.class);

    private final Name srvName;
    private final Resolver resolver;
    private final Optional<String> dnsDomain;
    private final String podNamePrefix;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "db-node-discovery");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastProblem;

    /**
     * @param servers   resolvers to ask; empty means the system's (resolv.conf, as in a pod)
     * @param dnsDomain     a discovered node is named {@code <name>.<dnsDomain>} in the lab zone (the CNAME target);
     *                      empty: the SRV target itself (the pod's stable name)
     * @param podNamePrefix removed from the start of a target's first label to get the instance name
     */
    public DnsDiscovery(Name srvName, List<InetSocketAddress> servers, Duration timeout, Optional<String> dnsDomain,
                        String podNamePrefix, Duration interval) {
        this.srvName = srvName;
        this.podNamePrefix = podNamePrefix;
        this.dnsDomain = dnsDomain.map(domain -> domain.endsWith(".") ? domain : domain + ".");
        this.interval = interval;
        this.resolver = resolver(servers, timeout);
    }

    /** The db-nodes the SRV records name now, sorted by name; throws when DNS does not answer or refuses. */
    public List<DbNodeTarget> resolve() throws IOException {
        Message answer = resolver.send(Message.newQuery(Record.newRecord(srvName, Type.SRV, DClass.IN)));
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IOException(srvName + " SRV: " + Rcode.string(rcode));
        }
        List<DbNodeTarget> targets = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord srv && srv.getName().equals(srvName)) {
                String pod = srv.getTarget().getLabelString(0);
                String name = pod.startsWith(podNamePrefix) ? pod.substring(podNamePrefix.length()) : pod;
                String host = srv.getTarget().toString(true);
                String cnameTarget = dnsDomain.map(domain -> name + "." + domain)
                        .orElseGet(() -> srv.getTarget().toString()); // absolute: ends with the root's dot
                targets.add(new DbNodeTarget(name, NodeObservation.UNKNOWN_REGION,
                        "http://" + host + ":" + srv.getPort(), cnameTarget));
            }
        }
        targets.sort(Comparator.comparing(DbNodeTarget::name));
        return targets;
    }

    /** Resolves now and then every interval, handing each answer to {@code found}; failures keep what was found. */
    public void start(Consumer<List<DbNodeTarget>> found) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                found.accept(resolve());
                lastProblem = null;
            } catch (IOException | RuntimeException e) {
                String problem = srvName + " SRV lookup failed: " + e.getMessage();
                if (!problem.equals(lastProblem)) {
                    // Once per distinct problem: a DNS outage must not flood the log every interval.
                    LOG.warn(problem + "; watching the db-nodes found so far, retrying every " + interval);
                    lastProblem = problem;
                }
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
        ExtendedResolver resolver = servers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(
                servers.stream().map(s -> {
                    SimpleResolver one = new SimpleResolver(s);
                    one.setTimeout(timeout);
                    return (Resolver) one;
                }).toList());
        resolver.setTimeout(timeout);
        return resolver;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
