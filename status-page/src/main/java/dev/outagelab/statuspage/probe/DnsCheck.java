package dev.outagelab.statuspage.probe;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.outagelab.statuspage.core.Sample;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves a name (normally {@code origin.news.lab.internal}) through one resolver over UDP, as a
 * reader's stub resolver would. Passes when the answer is NOERROR and holds an address.
 */
public final class DnsCheck implements Probe {

    private final String componentKey;
    private final InetSocketAddress resolverAddress;
    private final Name name;
    private final Duration timeout;
    private final Clock clock;
    private final SimpleResolver resolver;

    public DnsCheck(String componentKey, InetSocketAddress resolverAddress, String name, Duration timeout, Clock clock) {
        this.componentKey = componentKey;
        this.resolverAddress = resolverAddress;
        this.timeout = timeout;
        this.clock = clock;
        try {
            this.name = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
        this.resolver = new SimpleResolver(resolverAddress);
        resolver.setTimeout(timeout);
    }

    @Override
    public String name() {
        return "dns " + resolverAddress.getHostString() + ":" + resolverAddress.getPort();
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        Elapsed elapsed = new Elapsed(clock);
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        CompletableFuture<Message> answer;
        try {
            answer = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer
                .orTimeout(timeout.toMillis() * 2 + 100, TimeUnit.MILLISECONDS)
                .handle((response, error) -> List.of(new Observation(componentKey, error != null
                        ? elapsed.failed(name(), Failures.describe(error, timeout))
                        : judge(response, elapsed))));
    }

    private Sample judge(Message response, Elapsed elapsed) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            return elapsed.failed(name(), Rcode.string(rcode) + " for " + name);
        }
        boolean hasAddress = response.getSection(Section.ANSWER).stream()
                .anyMatch(r -> r.getType() == Type.A || r.getType() == Type.AAAA);
        return hasAddress ? elapsed.ok(name()) : elapsed.failed(name(), "no address for " + name);
    }
}
