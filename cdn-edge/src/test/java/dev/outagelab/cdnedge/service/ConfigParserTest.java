package dev.outagelab.cdnedge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigParserTest {

    private static final String VALID = """
            {"name": "news", "domains": ["News.Lab"],
             "origin": {"host": "origin.news.lab.internal", "port": 8087, "readTimeout": "0s"},
             "staleIfError": "1h",
             "rules": [{"name": "kv", "pathPrefix": "/kv/", "ttl": "60s", "responseHeaders": {"X-A": "1"}},
                       {"pathRegex": "^/kv/private", "pass": true}]}""";

    private static List<String> fields(String json) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigParser.parse(json));
        return e.errors().stream().map(ConfigError::field).toList();
    }

    @Test
    void aValidConfigParsesWithItsRulesInOrder() throws Exception {
        ServiceConfig config = ConfigParser.parse(VALID);
        assertEquals(List.of("news.lab"), config.domains(), "domains are compared lower-case");
        assertEquals(Duration.ZERO, config.origin().readTimeout().orElseThrow());
        assertEquals(Duration.ofHours(1), config.staleIfError());
        ServiceConfig.Plan plan = config.planFor("/kv/private/x");
        assertEquals(Duration.ofSeconds(60), plan.ttl().orElseThrow());
        assertTrue(plan.pass());
        assertEquals("1", plan.responseHeaders().get("X-A"));
        assertTrue(config.planFor("/other").responseHeaders().isEmpty());
    }

    @Test
    void everyProblemNamesItsField() {
        assertEquals(List.of("name", "domains[1]", "origin.port", "rules[0].ttl", "rules[1].typo",
                        "rules[1].pathRegex"),
                fields("""
                        {"name": "News!", "domains": ["ok.lab", "bad host"],
                         "origin": {"host": "o.lab", "port": 70000},
                         "rules": [{"ttl": "soon"}, {"pathRegex": "(", "typo": 1}]}"""));
        assertEquals(List.of("origin"), fields("{\"name\": \"a\", \"domains\": [\"a.lab\"]}"));
        assertEquals(List.of("origin.pinAddress"), fields("""
                {"name": "a", "domains": ["a.lab"], "origin": {"host": "o.lab", "port": 80, "pinAddress": "o.lab"}}"""));
    }

    @Test
    void textThatIsNotJsonIsRefusedAsSuch() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigParser.parse("{\"name\": "));
        assertTrue(e.getMessage().startsWith("$: not valid JSON"), e.getMessage());
        assertEquals(List.of("$"), fields("[1, 2]"));
    }

    @Test
    void aServicesFileNamesTheServiceOfEachProblem() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigParser.parseFile("""
                {"services": [
                  {"name": "a", "domains": ["a.lab"], "origin": {"host": "o.lab", "port": 80}},
                  {"name": "b", "domains": ["b.lab"], "origin": {"host": "o.lab"}}]}"""));
        assertEquals("services[1].origin.port", e.errors().get(0).field());
    }

    @Test
    void anSrvOriginNamesItsServersThroughDnsAndTakesNoHostPortOrPin() throws Exception {
        ServiceConfig config = ConfigParser.parse("""
                {"name": "news", "domains": ["news.lab"],
                 "origin": {"srv": "_http._tcp.origin.news.lab.internal", "maxConnections": 8}}""");
        assertTrue(config.origin().srv());
        assertEquals("_http._tcp.origin.news.lab.internal", config.origin().host());
        assertEquals("srv _http._tcp.origin.news.lab.internal", config.origin().key());
        assertEquals(8, config.origin().maxConnections().orElseThrow());
        assertEquals(List.of("origin.srv"), fields("""
                {"name": "news", "domains": ["news.lab"], "origin": {"srv": "origin.news.lab.internal"}}"""));
        assertEquals(List.of("origin.port", "origin.pinAddress"), fields("""
                {"name": "news", "domains": ["news.lab"],
                 "origin": {"srv": "_http._tcp.origin.news.lab.internal", "port": 80, "pinAddress": "127.0.0.1"}}"""));
        assertEquals(List.of("origin.host", "origin.port"), fields("""
                {"name": "news", "domains": ["news.lab"], "origin": {"maxConnections": 8}}"""));
    }
}
