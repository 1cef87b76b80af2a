package dev.outagelab.dnsresolver.update;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.jboss.logging.Logger;
import org.xbill.DNS.Rcode;

import io.vertx.core.json.JsonObject;

/** Every update, accepted or refused, logged and kept (the last N) for GET /admin/dns/updates. */
public class UpdateAudit {

    private static final Logger LOG = Logger.getLogger(UpdateAudit.class);

    /** One update as the audit shows it; {@code key} is the TSIG key name it was signed with, or null if unsigned. */
    public record Entry(Instant at, String key, int rcode, boolean changed, String summary) {

        public boolean accepted() {
            return rcode == Rcode.NOERROR;
        }

        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("key", key).put("rcode", Rcode.string(rcode))
                    .put("accepted", accepted()).put("changed", changed).put("summary", summary);
        }
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public UpdateAudit(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("dns.updates.audit-size: " + capacity + " must be at least 1");
        }
        this.capacity = capacity;
    }

    public void record(Entry entry) {
        String key = entry.key() == null ? "(unsigned)" : entry.key();
        if (entry.accepted()) {
            LOG.infof("dns update accepted at %s, key %s: %s", entry.at(), key, entry.summary());
        } else {
            LOG.warnf("dns update refused (%s) at %s, key %s: %s", Rcode.string(entry.rcode()), entry.at(), key,
                    entry.summary());
        }
        synchronized (entries) {
            entries.addLast(entry);
            if (entries.size() > capacity) {
                entries.removeFirst();
            }
        }
    }

    /** Oldest first. */
    public List<Entry> recent() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public static JsonObject toJson(List<Entry> entries) {
        return new JsonObject().put("updates", entries.stream().map(Entry::toJson).toList());
    }
}
