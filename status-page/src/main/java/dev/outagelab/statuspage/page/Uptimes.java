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
        List<PageModel.Bar> minuteBars = bars(history.minutes(componentKey, firstMinute), firstMinute, MINUTES,
                Duration.ofMinutes(1), MINUTE);

        long dayMs = 86_400_000L;
        Instant today = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), dayMs) * dayMs);
        Instant firstDay = today.minus(Duration.ofDays(DAYS - 1));
        List<MinuteBucket> days = days(componentKey, firstDay, now);
        List<PageModel.Bar> dayBars = bars(days, firstDay, DAYS, Duration.ofDays(1), DAY);
        return new PageModel.Uptime(minuteBars, percent(history.minutes(componentKey, firstMinute)), dayBars,
                percent(days));
    }

    private synchronized List<MinuteBucket> days(String key, Instant from, Instant now) {
        Cached cached = daysCache.get(key);
        if (cached == null || cached.at().plus(DAYS_TTL).isBefore(now)) {
            cached = new Cached(now, history.days(key, from));
            daysCache.put(key, cached);
        }
        return cached.days();
    }

    private static List<PageModel.Bar> bars(List<MinuteBucket> buckets, Instant first, int count, Duration step,
            DateTimeFormatter format) {
        Map<Instant, MinuteBucket> byStart = new HashMap<>();
        for (MinuteBucket bucket : buckets) {
            byStart.put(bucket.start(), bucket);
        }
        List<PageModel.Bar> bars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant start = first.plus(step.multipliedBy(i));
            MinuteBucket bucket = byStart.get(start);
            if (bucket == null) {
                bars.add(new PageModel.Bar("none", format.format(start) + ": no data"));
            } else {
                bars.add(new PageModel.Bar(bucket.worst().apiValue(), format.format(start) + ": "
                        + String.format(Locale.ROOT, "%.2f%%", bucket.uptime() * 100) + " of " + bucket.samples()
                        + " probes ok, worst " + bucket.worst().apiValue().replace('_', ' ')));
            }
        }
        return bars;
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
