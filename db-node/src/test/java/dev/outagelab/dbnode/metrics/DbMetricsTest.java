package dev.outagelab.dbnode.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** No test profile and no extra config: it shares the one Quarkus start with the module's other tests. */
@QuarkusTest
class DbMetricsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void binlogMetricsAreExported() {
        given().body("v").put("/kv/" + "metrics-" + UUID.randomUUID()).then().statusCode(200);

        String metrics = scrape();

        for (String name : new String[] {"db_writes_total", "db_binlog_fsync_seconds_count",
            "db_binlog_fsync_seconds_bucket", "db_binlog_group_commit_size_count", "db_binlog_size_bytes",
            "db_binlog_segments", "db_binlog_purged_segments_total", "db_snapshots_total"}) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics:\n" + metrics);
        }
        assertTrue(value(metrics, "db_binlog_size_bytes") > 0, "a log holding a write has a size");
        assertTrue(value(metrics, "db_binlog_segments") >= 1, "a log has at least the segment being written");
        assertTrue(value(metrics, "db_binlog_fsync_seconds_count") >= 1, "a durable write took an fsync");
    }

    @Test
    void replicationMetricsDescribeAPrimary() {
        String metrics = scrape();

        assertEquals(0.0, value(metrics, "db_replication_seconds_behind_seconds"), "a primary is its own source");
        assertEquals(0.0, value(metrics, "db_replication_bytes_behind_bytes"));
        assertEquals(-1.0, value(metrics, "db_replication_last_contact_seconds"), "no source ever heard from");
        assertEquals(1.0, value(metrics, "db_replication_state{state=\"not-configured\"}"));
        assertEquals(0.0, value(metrics, "db_replication_state{state=\"streaming\"}"));
        assertEquals(0.0, value(metrics, "db_replication_connected_replicas"));
        assertEquals(0.0, value(metrics, "db_semisync_active"), "semi-sync is off in the test profile");
        assertEquals(0.0, value(metrics, "db_semisync_fallbacks_total"));
    }

    @Test
    void writeCounterIncreasesAfterAPut() {
        double before = value(scrape(), "db_writes_total");

        given().body("v").put("/kv/" + "counted-" + UUID.randomUUID()).then().statusCode(200);

        // The counter is bumped on the commit thread before the writer is answered, so no waiting is needed.
        double after = value(scrape(), "db_writes_total");
        assertTrue(after >= before + 1, "db_writes_total went from " + before + " to " + after);
    }

    private String scrape() {
        String base = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
        return given().baseUri(base).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample of a metric without labels (or with any labels: the first one listed). */
    private static double value(String metrics, String name) {
        String labels = name.contains("{") ? "()" : "(\\{[^}]*})?";
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " (\\S+)$").matcher(metrics);
        if (!sample.find()) {
            fail(name + " has no sample in /q/metrics:\n" + metrics);
        }
        return Double.parseDouble(sample.group(2));
    }
}
