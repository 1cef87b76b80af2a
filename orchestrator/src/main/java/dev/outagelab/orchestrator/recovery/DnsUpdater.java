package dev.outagelab.orchestrator.recovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * Repoints {@code primary.db.lab.internal.} with an RFC 2136 update signed with TSIG (HMAC-SHA256), sent to every
 * resolver at once: each resolver holds its own copy of the zone, so each one needs the update.
 */
public class DnsUpdater {

    /** HMAC-SHA256's output size; the resolvers refuse shorter secrets too. */
    static final int MIN_SECRET_BYTES = 16;

    private final List<InetSocketAddress> servers;
    private final Name zone;
    private final Name primaryName;
    private final long ttlSeconds;
    private final TSIG key;
    private final Duration timeout;

    public DnsUpdater(List<InetSocketAddress> servers, Name zone, Name primaryName, Duration ttl, TSIG key,
                      Duration timeout) {
        this.servers = List.copyOf(servers);
        this.zone = zone;
        this.primaryName = primaryName;
        this.ttlSeconds = ttl.toSeconds();
        this.key = key;
        this.timeout = timeout;
    }

    /** The outcome at one resolver: ok, or why not. */
    public record Result(String server, boolean ok, String detail) {
    }

    /** Replaces the CNAME at every server; never throws, the results say which servers took it. */
    public List<Result> pointPrimaryAt(String target) {
        Name targetName;
        try {
            targetName = Name.fromString(target, Name.root);
        } catch (TextParseException e) {
            return List.of(new Result("*", false, "not a DNS name: " + target));
        }
        List<CompletableFuture<Result>> sends = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            sends.add(CompletableFuture.supplyAsync(() -> send(server, targetName)));
        }
        return sends.stream().map(CompletableFuture::join).toList();
    }

    private Result send(InetSocketAddress server, Name target) {
        String where = server.getHostString() + ":" + server.getPort();
        Update update = new Update(zone);
        update.replace(new CNAMERecord(primaryName, org.xbill.DNS.DClass.IN, ttlSeconds, target));
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTSIGKey(key);
            resolver.setTimeout(timeout);
            Message reply = resolver.send(update);
            int rcode = reply.getRcode();
            return new Result(where, rcode == Rcode.NOERROR, Rcode.string(rcode));
        } catch (IOException | RuntimeException e) {
            return new Result(where, false, e.toString());
        }
    }

    /** Builds the key from settings, failing start-up with the name of the offending key. */
    public static TSIG key(String keyName, String secret) {
        Name name;
        try {
            name = Name.fromString(keyName.strip(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("orchestrator.dns.tsig-key-name: '" + keyName + "' is not a DNS name");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("orchestrator.dns.tsig-secret: is required "
                    + "(set DNS_TSIG_SECRET to the base64 secret the resolvers share)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("orchestrator.dns.tsig-secret: is not base64");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("orchestrator.dns.tsig-secret: " + bytes.length
                    + " bytes is too short; use at least " + MIN_SECRET_BYTES);
        }
        return new TSIG(TSIG.HMAC_SHA256, name, bytes);
    }

    /** Parses {@code host:port}, naming the setting on error. */
    public static InetSocketAddress server(String text) {
        String entry = text.strip();
        int colon = entry.lastIndexOf(':');
        try {
            int port = Integer.parseInt(entry.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(entry.substring(0, colon), port);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("orchestrator.dns.servers: '" + text + "' is not host:port");
        }
    }
}
