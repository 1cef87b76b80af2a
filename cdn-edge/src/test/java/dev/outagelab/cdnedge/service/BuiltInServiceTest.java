package dev.outagelab.cdnedge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BuiltInServiceTest {

    @Test
    void theBuiltInServiceIsTheNewsSiteWithAShortTtlForKeys() throws Exception {
        ServiceConfig news = ConfigParser.parse(ServiceFile.builtIn("news.lab", "origin.news.lab.internal", 8087,
                Optional.empty(), Duration.ofSeconds(30)));
        assertEquals(List.of("news.lab"), news.domains());
        assertEquals("origin.news.lab.internal", news.origin().host());
        assertEquals(8087, news.origin().port());
        assertTrue(news.origin().pinAddress().isEmpty(), "resolved through dns-resolver");
        assertEquals(Duration.ofSeconds(30), news.planFor("/kv/a").ttl().orElseThrow());
        assertTrue(news.planFor("/other").ttl().isEmpty());
    }

    @Test
    void aZeroKvTtlLeavesTheRuleOut() throws Exception {
        assertTrue(ConfigParser.parse(ServiceFile.builtIn("news.lab", "origin.news.lab.internal", 8080, Optional.empty(),
                Duration.ZERO))
                .rules().isEmpty());
    }

    @Test
    void anSrvNameReplacesTheOriginHostAndPort() throws Exception {
        ServiceConfig news = ConfigParser.parse(ServiceFile.builtIn("news.lab", "origin.news.lab.internal", 8087,
                Optional.of("_http._tcp.origin.news.lab.internal"), Duration.ofSeconds(30)));
        assertTrue(news.origin().srv());
        assertEquals("_http._tcp.origin.news.lab.internal", news.origin().host());
    }
}
