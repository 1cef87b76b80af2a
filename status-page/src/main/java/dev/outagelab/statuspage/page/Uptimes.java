package dev.outagelab.statuspage.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outagelab.statuspage.history.History;
import dev.outagelab.statuspage.history.MinuteBucket;

/**
 * Uptime bars from the history: the last {@link #MINUTES} minutes one bar each, the last {@link #DAYS} days
 * one bar each. Daily bars are read from disk at most once a minute per component: the page must stay cheap
 * to serve however often it is loaded.
 */
@ApplicationScoped
public class Uptimes {

    static final int MINUTES = 60;
    static final int DAYS = 90;
    private static final Duration DAYS_TTL = Duration.ofMinutes(1);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    @Inject
    History history;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> daysCache = new HashMap<>();

    private record Cached(Instant at, List<MinuteBucket> days) {
    }

    public PageModel.Uptime of(String componentKey) {
        Instant now = clock.instant();
        long minuteMs = 60_000L;
        Instant thisMinute = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), minuteMs) * minuteMs);
        Instant firstMinute = thisMinute.minusSeconds(60L * (MINUTES - 1));
        List<MinuteBucket> minutes = history.minutes(componentKey, firstMinute);
        List<PageModel.Run> minuteRuns = runs(minutes, firstMinute, MINUTES, Duration.ofMinutes(1), MINUTE);

        long dayMs = 86_400_000L;
        Instant today = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), dayMs) * dayMs);
        Instant firstDay = today.minus(Duration.ofDays(DAYS - 1));
        List<MinuteBucket> days = days(componentKey, firstDay, now);
        List<PageModel.Run> dayRuns = runs(days, firstDay, DAYS, Duration.ofDays(1), DAY);
        return new PageModel.Uptime(minuteRuns, percent(minutes), dayRuns, percent(days));
    }

    private synchronized List<MinuteBucket> days(String key, Instant from, Instant now) {
        Cached cached = daysCache.get(key);
        if (cached == null || cached.at().plus(DAYS_TTL).isBefore(now)) {
            cached = new Cached(now, history.days(key, from));
            daysCache.put(key, cached);
        }
        return cached.days();
    }

    /**
     * The {@code count} buckets from {@code first} on, one bar each, merged into runs of neighbouring bars with
     * the same worst status; a run's tooltip sums its buckets.
     */
    static List<PageModel.Run> runs(List<MinuteBucket> buckets, Instant first, int count, Duration step,
            DateTimeFormatter format) {
        Map<Instant, MinuteBucket> byStart = new HashMap<>();
        for (MinuteBucket bucket : buckets) {
            byStart.put(bucket.start(), bucket);
        }
        MinuteBucket[] bars = new MinuteBucket[count];
        for (int i = 0; i < count; i++) {
            bars[i] = byStart.get(first.plus(step.multipliedBy(i)));
        }
        List<PageModel.Run> runs = new ArrayList<>();
        int start = 0;
        for (int end = 1; end <= count; end++) {
            if (end < count && statusOf(bars[end]).equals(statusOf(bars[start]))) {
                continue;
            }
            List<MinuteBucket> inRun = new ArrayList<>();
            for (int i = start; i < end; i++) {
                if (bars[i] != null) {
                    inRun.add(bars[i]);
                }
            }
            String status = statusOf(bars[start]);
            Instant from = first.plus(step.multipliedBy(start));
            String when = end - start == 1 ? format.format(from)
                    : format.format(from) + " – " + format.format(first.plus(step.multipliedBy(end - 1)));
            String what = inRun.isEmpty() ? "no data"
                    : percent(inRun) + " of " + samples(inRun) + " probes ok, worst " + status.replace('_', ' ');
            runs.add(new PageModel.Run(start, end - start, status, when + ": " + what));
            start = end;
        }
        return runs;
    }

    private static String statusOf(MinuteBucket bucket) {
        return bucket == null ? "none" : bucket.worst().apiValue();
    }

    private static long samples(List<MinuteBucket> buckets) {
        return buckets.stream().mapToLong(MinuteBucket::samples).sum();
    }

    /** Share of successful samples over the buckets, or a dash when there were none. */
    static String percent(List<MinuteBucket> buckets) {
        long samples = 0;
        long failures = 0;
        for (MinuteBucket bucket : buckets) {
            samples += bucket.samples();
            failures += bucket.failures();
        }
        if (samples == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f%%", (samples - failures) * 100.0 / samples);
    }
}
