package dev.outagelab.cdnedge.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One origin server named by an SRV record (RFC 2782): lower {@code priority} first; among equal priorities,
 * {@code weight} decides how often a server comes first. {@code target} has no trailing dot.
 */
public record SrvTarget(int priority, int weight, int port, String target) {

    /**
     * The order in which to try the targets for one request: by priority, and within a priority by RFC 2782's
     * weighted random selection (zero-weight targets are chosen rarely, and last once all weighted ones are out).
     */
    public static List<SrvTarget> order(List<SrvTarget> targets, RandomGenerator random) {
        Map<Integer, List<SrvTarget>> byPriority = new TreeMap<>();
        for (SrvTarget t : targets) {
            byPriority.computeIfAbsent(t.priority(), p -> new ArrayList<>()).add(t);
        }
        List<SrvTarget> ordered = new ArrayList<>(targets.size());
        for (List<SrvTarget> group : byPriority.values()) {
            // RFC 2782: zero-weight entries first in the list, then pick by running sum.
            List<SrvTarget> left = new ArrayList<>(group);
            left.sort(Comparator.comparingInt(SrvTarget::weight));
            while (!left.isEmpty()) {
                int sum = 0;
                for (SrvTarget t : left) {
                    sum += t.weight();
                }
                int pick = sum == 0 ? 0 : random.nextInt(sum + 1);
                int running = 0;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).weight();
                    if (running >= pick) {
                        ordered.add(left.remove(i));
                        break;
                    }
                }
            }
        }
        return ordered;
    }
}
