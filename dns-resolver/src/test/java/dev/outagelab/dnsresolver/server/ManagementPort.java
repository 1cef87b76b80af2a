package dev.outagelab.dnsresolver.server;

import static io.restassured.RestAssured.given;

import java.net.URL;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.specification.RequestSpecification;

/** Requests to the management port with the test profile's admin token, for tests that drive faults or audits. */
final class ManagementPort {

    private ManagementPort() {
    }

    /** {@code management} is Quarkus' injected management URL; admin routes sit at its root, not under /q. */
    static RequestSpecification admin(URL management) {
        String token = ConfigProvider.getConfig().getValue("lab.admin.token", String.class);
        return given().baseUri(base(management)).header("Authorization", "Bearer " + token);
    }

    static String base(URL management) {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }
}
