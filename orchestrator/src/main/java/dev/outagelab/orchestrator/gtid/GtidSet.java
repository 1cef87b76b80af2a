package dev.outagelab.orchestrator.gtid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A set of GTIDs in MySQL's text form ({@code uuid:1-5:7,uuid2:1-3}), immutable. The orchestrator needs only
 * what failure analysis and candidate choice ask: is one node's history inside another's ({@link #containsAll}),
 * what does a replica hold that its primary lacks ({@link #subtract}), and how far has a node got ({@link #count}).
 * db-node has its own richer set; this small one keeps the orchestrator independent of db-node's code.
 */
public final class GtidSet {

    public static final GtidSet EMPTY = new GtidSet(Map.of());

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    /** Per server uuid, sorted disjoint non-touching closed intervals {@code [start, end]}. */
    private final Map<String, List<long[]>> intervals;

    private GtidSet(Map<String, List<long[]>> intervals) {
        this.intervals = intervals;
    }

    /** Parses MySQL's text; null and blank are the empty set. Anything malformed is an IllegalArgumentException. */
    public static GtidSet parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<String, List<long[]>> raw = new TreeMap<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            String[] fields = item.split(":");
            if (fields.length < 2 || !UUID.matcher(fields[0]).matches()) {
                throw new IllegalArgumentException("not a GTID set: '" + text + "' (bad element '" + item + "')");
            }
            List<long[]> list = raw.computeIfAbsent(fields[0].toLowerCase(), k -> new ArrayList<>());
            for (int i = 1; i < fields.length; i++) {
                list.add(interval(fields[i], text));
            }
        }
        return normalized(raw);
    }

    private static long[] interval(String field, String text) {
        String[] ends = field.split("-", -1);
        try {
            long start = Long.parseLong(ends[0]);
            long end = ends.length == 1 ? start : Long.parseLong(ends[1]);
            if (ends.length > 2 || start < 1 || end < start) {
                throw new NumberFormatException(field);
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a GTID set: '" + text + "' (bad interval '" + field + "')", e);
        }
    }

    private static GtidSet normalized(Map<String, List<long[]>> raw) {
        Map<String, List<long[]>> result = new TreeMap<>();
        raw.forEach((uuid, list) -> {
            List<long[]> sorted = new ArrayList<>(list);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            List<long[]> merged = new ArrayList<>();
            for (long[] iv : sorted) {
                long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && iv[0] <= last[1] + 1) {
                    last[1] = Math.max(last[1], iv[1]);
                } else {
                    merged.add(new long[] {iv[0], iv[1]});
                }
            }
            if (!merged.isEmpty()) {
                result.put(uuid, Collections.unmodifiableList(merged));
            }
        });
        return result.isEmpty() ? EMPTY : new GtidSet(Collections.unmodifiableMap(result));
    }

    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** The number of transactions in the set. */
    public long count() {
        long n = 0;
        for (List<long[]> list : intervals.values()) {
            for (long[] iv : list) {
                n += iv[1] - iv[0] + 1;
            }
        }
        return n;
    }

    /** True when every GTID of {@code other} is in this set. */
    public boolean containsAll(GtidSet other) {
        return other.subtract(this).isEmpty();
    }

    /** The GTIDs of this set that {@code other} lacks. */
    public GtidSet subtract(GtidSet other) {
        Map<String, List<long[]>> result = new TreeMap<>();
        intervals.forEach((uuid, mine) -> {
            List<long[]> remaining = new ArrayList<>();
            for (long[] iv : mine) {
                remaining.add(new long[] {iv[0], iv[1]});
            }
            for (long[] cut : other.intervals.getOrDefault(uuid, List.of())) {
                List<long[]> next = new ArrayList<>();
                for (long[] iv : remaining) {
                    if (cut[1] < iv[0] || cut[0] > iv[1]) {
                        next.add(iv);
                        continue;
                    }
                    if (iv[0] < cut[0]) {
                        next.add(new long[] {iv[0], cut[0] - 1});
                    }
                    if (iv[1] > cut[1]) {
                        next.add(new long[] {cut[1] + 1, iv[1]});
                    }
                }
                remaining = next;
            }
            result.put(uuid, remaining);
        });
        return normalized(result);
    }

    /** This set without any transaction of the given server. */
    public GtidSet withoutServer(String uuid) {
        Map<String, List<long[]>> rest = new TreeMap<>(intervals);
        rest.remove(uuid == null ? "" : uuid.toLowerCase());
        return normalized(rest);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        intervals.forEach((uuid, list) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(uuid);
            for (long[] iv : list) {
                text.append(':').append(iv[0]);
                if (iv[1] != iv[0]) {
                    text.append('-').append(iv[1]);
                }
            }
        });
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GtidSet other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
