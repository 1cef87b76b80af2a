package dev.outagelab.statuspage.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.outagelab.statuspage.core.ComponentStatus;
import dev.outagelab.statuspage.history.MinuteBucket;

class UptimesTest {

    private static final Instant FIRST = Instant.parse("2026-11-23T12:00:00Z");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static MinuteBucket minute(int i, int samples, int failures, ComponentStatus worst) {
        return new MinuteBucket("dns", FIRST.plusSeconds(60L * i), samples, failures, worst);
    }

    @Test
    void neighbouringBarsOfOneStatusAreOneRunWhoseTooltipSumsThem() {
        List<MinuteBucket> buckets = List.of(
                minute(2, 60, 0, ComponentStatus.OPERATIONAL),
                minute(3, 60, 0, ComponentStatus.OPERATIONAL),
                minute(4, 60, 30, ComponentStatus.MAJOR_OUTAGE),
                minute(5, 60, 0, ComponentStatus.OPERATIONAL));

        List<PageModel.Run> runs = Uptimes.runs(buckets, FIRST, 8, Duration.ofMinutes(1), MINUTE);

        assertEquals(List.of(
                new PageModel.Run(0, 2, "none", "12:00 – 12:01: no data"),
                new PageModel.Run(2, 2, "operational", "12:02 – 12:03: 100.00% of 120 probes ok, worst operational"),
                new PageModel.Run(4, 1, "major_outage", "12:04: 50.00% of 60 probes ok, worst major outage"),
                new PageModel.Run(5, 1, "operational", "12:05: 100.00% of 60 probes ok, worst operational"),
                new PageModel.Run(6, 2, "none", "12:06 – 12:07: no data")), runs);
    }

    @Test
    void aQuietHourIsOneRunCoveringEveryBar() {
        List<MinuteBucket> buckets = IntStream.range(0, 60)
                .mapToObj(i -> minute(i, 60, i == 7 ? 1 : 0, ComponentStatus.OPERATIONAL)).toList();

        List<PageModel.Run> runs = Uptimes.runs(buckets, FIRST, 60, Duration.ofMinutes(1), MINUTE);

        assertEquals(1, runs.size(), String.valueOf(runs));
        assertEquals(new PageModel.Run(0, 60, "operational", "12:00 – 12:59: 99.97% of 3600 probes ok, worst operational"),
                runs.get(0));
    }
}
