package dev.outagelab.dnsresolver.update;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import dev.outagelab.dnsresolver.zone.ZoneStore;

/**
 * The RFC 2136 logic, without the network: checks an update's prerequisites against the served zone, applies its
 * update section to a copy and swaps the copy in, so an update is all or nothing and queries see the zone before
 * or after it, never in between. Updates run one at a time under this object's lock.
 */
public class ZoneUpdater {

    /** The types an update may add: the same as the configured zone may hold. */
    static final Set<Integer> ADDABLE_TYPES = Set.of(Type.A, Type.AAAA, Type.CNAME, Type.SRV, Type.TXT);

    /** What happened: the RCODE for the reply, whether the zone changed, and a line for the audit log. */
    public record Outcome(int rcode, boolean changed, long serial, String summary) {
    }

    private final ZoneStore store;

    public ZoneUpdater(ZoneStore store) {
        this.store = store;
    }

    /** Applies one update whose TSIG and zone section were already checked. */
    public synchronized Outcome apply(List<Record> prerequisites, List<Record> updates) {
        Zone zone = store.current();
        Name origin = zone.getOrigin();
        long serial = zone.getSOA().getSerial();
        Refusal refusal = checkPrerequisites(zone, prerequisites);
        if (refusal == null) {
            refusal = prescan(origin, updates);
        }
        if (refusal != null) {
            return new Outcome(refusal.rcode(), false, serial, refusal.reason());
        }
        Zone copy = copy(zone, zone.getSOA());
        List<String> done = new ArrayList<>();
        for (Record r : updates) {
            String applied = applyOne(copy, r);
            if (applied != null) {
                done.add(applied);
            }
        }
        if (done.isEmpty()) {
            // RFC 2136 3.7: an update that changes nothing leaves the serial alone.
            return new Outcome(Rcode.NOERROR, false, serial, "no change");
        }
        SOARecord soa = zone.getSOA();
        long next = (serial + 1) & 0xFFFF_FFFFL;
        store.replace(copy(copy, new SOARecord(origin, DClass.IN, soa.getTTL(), soa.getHost(), soa.getAdmin(), next,
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum())));
        return new Outcome(Rcode.NOERROR, true, next, String.join("; ", done) + "; serial " + next);
    }

    private record Refusal(int rcode, String reason) {
    }

    /** RFC 2136 3.2: every prerequisite must hold, or nothing is applied. */
    static Refusal checkPrerequisites(Zone zone, List<Record> prerequisites) {
        // Value-dependent prerequisites (class IN) are compared as whole RRsets, so collect them first.
        Map<RRsetKey, Set<Record>> expected = new HashMap<>();
        for (Record p : prerequisites) {
            if (p.getTTL() != 0) {
                return new Refusal(Rcode.FORMERR, "prerequisite " + p + " has a TTL");
            }
            if (!p.getName().subdomain(zone.getOrigin())) {
                return new Refusal(Rcode.NOTZONE, "prerequisite " + p.getName() + " is outside the zone");
            }
            boolean empty = rdataEmpty(p);
            int type = p.getType();
            List<RRset> atName = rrsetsAt(zone, p.getName());
            if (p.getDClass() == DClass.ANY && empty) {
                if (type == Type.ANY && atName.isEmpty()) {
                    return new Refusal(Rcode.NXDOMAIN, "prerequisite failed: " + p.getName() + " is not in use");
                }
                if (type != Type.ANY && find(atName, type) == null) {
                    return new Refusal(Rcode.NXRRSET, "prerequisite failed: no " + Type.string(type) + " at "
                            + p.getName());
                }
            } else if (p.getDClass() == DClass.NONE && empty) {
                if (type == Type.ANY && !atName.isEmpty()) {
                    return new Refusal(Rcode.YXDOMAIN, "prerequisite failed: " + p.getName() + " is in use");
                }
                if (type != Type.ANY && find(atName, type) != null) {
                    return new Refusal(Rcode.YXRRSET, "prerequisite failed: " + Type.string(type) + " exists at "
                            + p.getName());
                }
            } else if (p.getDClass() == zone.getDClass() && type != Type.ANY) {
                expected.computeIfAbsent(new RRsetKey(p.getName(), type), k -> new HashSet<>()).add(p);
            } else {
                return new Refusal(Rcode.FORMERR, "prerequisite " + p + " is malformed");
            }
        }
        for (Map.Entry<RRsetKey, Set<Record>> e : expected.entrySet()) {
            RRset actual = find(rrsetsAt(zone, e.getKey().name()), e.getKey().type());
            // Record equality ignores the TTL, which RFC 2136 3.2.3 says not to compare.
            Set<Record> have = actual == null ? Set.of() : new HashSet<>(actual.rrs(false));
            if (!have.equals(e.getValue())) {
                return new Refusal(Rcode.NXRRSET, "prerequisite failed: " + Type.string(e.getKey().type())
                        + " at " + e.getKey().name() + " differs");
            }
        }
        return null;
    }

    /** RFC 2136 3.4.1: the whole update section is checked before anything is applied. */
    static Refusal prescan(Name origin, List<Record> updates) {
        for (Record u : updates) {
            if (!u.getName().subdomain(origin)) {
                return new Refusal(Rcode.NOTZONE, u.getName() + " is outside the zone " + origin);
            }
            int type = u.getType();
            if (u.getDClass() == DClass.IN) {
                if (!ADDABLE_TYPES.contains(type)) {
                    // Policy, not syntax: the apex SOA/NS are ours, and nothing in the lab needs other types.
                    return new Refusal(Rcode.REFUSED, "adding " + Type.string(type) + " records is not allowed");
                }
            } else if (u.getDClass() == DClass.ANY) {
                if (u.getTTL() != 0 || !rdataEmpty(u)) {
                    return new Refusal(Rcode.FORMERR, "delete of " + u.getName() + " carries a TTL or data");
                }
            } else if (u.getDClass() == DClass.NONE) {
                if (u.getTTL() != 0 || type == Type.ANY) {
                    return new Refusal(Rcode.FORMERR, "delete of " + u + " is malformed");
                }
            } else {
                return new Refusal(Rcode.FORMERR, "class " + DClass.string(u.getDClass()) + " in an update");
            }
        }
        return null;
    }

    /** One update RR on the copy (RFC 2136 3.4.2); returns what changed, or null when it was ignored. */
    private static String applyOne(Zone zone, Record u) {
        Name name = u.getName();
        boolean apex = name.equals(zone.getOrigin());
        int type = u.getType();
        List<RRset> atName = rrsetsAt(zone, name);
        if (u.getDClass() == DClass.IN) {
            RRset cname = find(atName, Type.CNAME);
            if (type == Type.CNAME && atName.stream().anyMatch(s -> s.getType() != Type.CNAME)) {
                return null; // a CNAME cannot join other data (RFC 1034 3.6.2)
            }
            if (type != Type.CNAME && cname != null) {
                return null; // nor can data join a CNAME
            }
            if (type == Type.CNAME && cname != null) {
                if (cname.rrs(false).contains(u)) {
                    return null;
                }
                zone.removeRRset(name, Type.CNAME); // a name has one CNAME: the new one replaces it
            } else {
                RRset existing = find(atName, type);
                if (existing != null && existing.rrs(false).contains(u)) {
                    return null;
                }
            }
            zone.addRecord(u);
            return "add " + name + " " + u.getTTL() + " " + Type.string(type) + " " + u.rdataToString();
        }
        if (u.getDClass() == DClass.ANY) {
            List<RRset> doomed = new ArrayList<>();
            for (RRset set : atName) {
                // The apex SOA and NS are never deleted (RFC 2136 3.4.2.3): the zone would stop being a zone.
                boolean protectedSet = apex && (set.getType() == Type.SOA || set.getType() == Type.NS);
                if ((type == Type.ANY || set.getType() == type) && !protectedSet) {
                    doomed.add(set);
                }
            }
            doomed.forEach(s -> zone.removeRRset(name, s.getType()));
            if (doomed.isEmpty()) {
                return null;
            }
            return type == Type.ANY ? "delete all at " + name : "delete " + Type.string(type) + " at " + name;
        }
        // class NONE: delete one RR. Never the SOA, never the apex's last NS.
        RRset existing = find(atName, type);
        Record match = Record.newRecord(name, type, zone.getDClass(), 0, u.rdataToWireCanonical());
        if (existing == null || type == Type.SOA || !existing.rrs(false).contains(match)
                || (apex && type == Type.NS && existing.size() == 1)) {
            return null;
        }
        zone.removeRecord(match);
        return "delete " + name + " " + Type.string(type) + " " + u.rdataToString();
    }

    /** A fresh zone with the same records and the given SOA (a zone holds exactly one). */
    private static Zone copy(Zone zone, SOARecord soa) {
        List<Record> all = new ArrayList<>();
        all.add(soa);
        for (RRset set : zone) {
            if (set.getType() != Type.SOA) {
                all.addAll(set.rrs(false));
            }
        }
        try {
            return new Zone(zone.getOrigin(), all.toArray(new Record[0]));
        } catch (IOException e) {
            throw new IllegalStateException("copying the served zone failed", e);
        }
    }

    static List<RRset> rrsetsAt(Zone zone, Name name) {
        List<RRset> sets = new ArrayList<>();
        for (RRset set : zone) {
            if (set.getName().equals(name)) {
                sets.add(set);
            }
        }
        return sets;
    }

    private static RRset find(List<RRset> sets, int type) {
        return sets.stream().filter(s -> s.getType() == type).findFirst().orElse(null);
    }

    private static boolean rdataEmpty(Record r) {
        return r.rdataToWireCanonical().length == 0;
    }

    private record RRsetKey(Name name, int type) {
    }
}
