package dev.outagelab.statuspage.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * From what the probes saw to a component status. Three rules, the worst one wins:
 * <ol>
 * <li><b>instances down</b>: any instance whose last readiness probe failed makes a partial outage; at
 * least {@code majorDownFraction} of them a major outage;</li>
 * <li><b>synthetic failure rate</b> over the window: at least {@code partialFailureRate} a partial outage,
 * at least {@code majorFailureRate} a major outage;</li>
 * <li><b>latency</b>: the window's percentile above the threshold is degraded performance. Failures and
 * timeouts are in the percentile with the time they took; counting only successes is how the Black Friday
 * outage in <i>Release It!</i> looked fast while every thread was stuck.</li>
 * </ol>
 * Pure: same input, same verdict. Flapping is {@link Hysteresis}'s job.
 */
public final class StateRules {

    private final RuleSettings settings;

    public StateRules(RuleSettings settings) {
        this.settings = settings;
    }

    public RuleSettings settings() {
        return settings;
    }

    /**
     * @param latestPerInstance the last readiness sample of each instance that has been probed
     * @param window            every sample (both kinds) taken within {@link RuleSettings#window()}
     * @return null when there is nothing to judge yet
     */
    public Verdict evaluate(Collection<Sample> latestPerInstance, List<Sample> window) {
        if (latestPerInstance.isEmpty() && window.isEmpty()) {
            return null;
        }
        Verdict worst = Verdict.operational();
        worst = worse(worst, instances(latestPerInstance));
        worst = worse(worst, failureRate(window));
        worst = worse(worst, latency(window));
        return worst;
    }

    private Verdict instances(Collection<Sample> latest) {
        List<Sample> down = latest.stream().filter(s -> !s.ok()).toList();
        if (down.isEmpty()) {
            return null;
        }
        double fraction = (double) down.size() / latest.size();
        ComponentStatus status = fraction >= settings.majorDownFraction()
                ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.PARTIAL_OUTAGE;
        List<String> names = new ArrayList<>();
        for (Sample sample : down) {
            names.add(sample.source() + " (" + sample.reason() + ")");
        }
        return new Verdict(status, down.size() + " of " + latest.size() + " instances down: " + String.join(", ", names));
    }

    private Verdict failureRate(List<Sample> window) {
        List<Sample> synthetic = window.stream().filter(s -> s.kind() == Sample.Kind.SYNTHETIC).toList();
        if (synthetic.isEmpty()) {
            return null;
        }
        List<Sample> failed = synthetic.stream().filter(s -> !s.ok()).toList();
        double rate = (double) failed.size() / synthetic.size();
        ComponentStatus status;
        if (rate >= settings.majorFailureRate()) {
            status = ComponentStatus.MAJOR_OUTAGE;
        } else if (rate >= settings.partialFailureRate()) {
            status = ComponentStatus.PARTIAL_OUTAGE;
        } else {
            return null;
        }
        Sample last = failed.get(failed.size() - 1);
        return new Verdict(status, failed.size() + " of " + synthetic.size() + " checks failed in the last "
                + human(settings.window()) + " (last: " + last.source() + ": " + last.reason() + ")");
    }

    private Verdict latency(List<Sample> window) {
        if (window.isEmpty()) {
            return null;
        }
        Duration percentile = percentile(window, settings.latencyPercentile());
        if (percentile.compareTo(settings.latencyThreshold()) <= 0) {
            return null;
        }
        return new Verdict(ComponentStatus.DEGRADED_PERFORMANCE, "p" + settings.latencyPercentile() + " latency "
                + human(percentile) + " over " + human(settings.latencyThreshold())
                + " (failures and timeouts included)");
    }

    /** Nearest-rank percentile of every sample's latency, whatever its outcome. */
    static Duration percentile(List<Sample> samples, int percentile) {
        List<Duration> sorted = samples.stream().map(Sample::latency).sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static Verdict worse(Verdict current, Verdict candidate) {
        return candidate != null && candidate.status().worseThan(current.status()) ? candidate : current;
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
