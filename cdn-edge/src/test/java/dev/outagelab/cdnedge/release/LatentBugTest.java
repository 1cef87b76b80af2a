package dev.outagelab.cdnedge.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outagelab.cdnedge.service.ConfigParser;
import dev.outagelab.cdnedge.service.InvalidConfigException;
import dev.outagelab.cdnedge.service.ServiceConfig;
import dev.outagelab.cdnedge.service.ServiceRegistry;

/** The same valid trigger config on both releases: one edge fails every request, the other serves it as meant. */
class LatentBugTest {

    static final String BYSTANDER = """
            {"name": "bystander", "domains": ["bystander.test"], "origin": {"host": "o.test", "port": 80},
             "rules": [{"responseHeaders": {"X-Frame-Options": "DENY"}}]}""";
    static final String TRIGGER = """
            {"name": "tenant", "domains": ["tenant.test"], "origin": {"host": "o.test", "port": 80},
             "rules": [{"name": "site", "responseHeaders": {"Cache-Control": "public, max-age=300"}},
                       {"name": "kv", "pathPrefix": "/kv/", "responseHeaders": {"cache-control": "public, max-age=5"}}]}""";

    private static ServiceRegistry edgeOn(Release release, boolean validate) throws InvalidConfigException {
        ServiceRegistry registry = new ServiceRegistry(release, validate);
        ServiceConfig bystander = ConfigParser.parse(BYSTANDER);
        registry.activate("bystander", registry.addVersion(bystander), "test", false);
        return registry;
    }

    @Test
    void theTriggerConfigBreaksEveryRequestOnTheBuggyReleaseOnly() throws Exception {
        ServiceRegistry buggy = edgeOn(Release.R2021_05_12, false);
        ServiceRegistry fixed = edgeOn(Release.R2021_06_08, false);
        ResponseHeaderRules buggyRules = new ResponseHeaderRules(buggy);
        ResponseHeaderRules fixedRules = new ResponseHeaderRules(fixed);
        ServiceConfig bystander = buggy.forHost("bystander.test").orElseThrow().config();
        assertEquals(Map.of("X-Frame-Options", "DENY"), buggyRules.forRequest(bystander, "/"), "fine before");

        ServiceConfig trigger = ConfigParser.parse(TRIGGER);
        buggy.activate("tenant", buggy.addVersion(trigger), "test", false);
        fixed.activate("tenant", fixed.addVersion(trigger), "test", false);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> buggyRules.forRequest(bystander, "/"), "another customer's request fails too");
        assertTrue(e.getMessage().startsWith("Duplicate key tenant cache-control"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> buggyRules.forRequest(trigger, "/kv/a"));
        assertEquals(Map.of("X-Frame-Options", "DENY"), fixedRules.forRequest(bystander, "/"));
        assertEquals("public, max-age=5", fixedRules.forRequest(trigger, "/kv/a").get("cache-control"),
                "on the fixed release the later rule wins");
        assertEquals("public, max-age=300", fixedRules.forRequest(trigger, "/").get("Cache-Control"));

        assertThrows(InvalidConfigException.class, () -> buggy.rollback("tenant", "test", "no earlier version"));
    }

    @Test
    void validationAgainstTheRunningReleaseRefusesTheTriggerNamingTheRule() throws Exception {
        ServiceRegistry buggy = edgeOn(Release.R2021_05_12, true);
        ServiceConfig trigger = ConfigParser.parse(TRIGGER);
        int version = buggy.addVersion(trigger);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> buggy.activate("tenant", version, "test", false));
        assertEquals("rules[1].responseHeaders.cache-control", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("release 2021.05.12 cannot serve two rules that set the same"
                + " response header (rules[0] 'site' sets it too)"), e.getMessage());
        assertTrue(buggy.forHost("tenant.test").isEmpty(), "nothing was activated");

        ServiceRegistry fixed = edgeOn(Release.R2021_06_08, true);
        fixed.activate("tenant", fixed.addVersion(trigger), "test", false);
        assertTrue(fixed.forHost("tenant.test").isPresent(), "the fixed release takes the same config");
    }
}
