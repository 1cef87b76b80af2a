package dev.outagelab.statuspage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The page in a real headless Chromium (the system's, never a downloaded one): every component is there,
 * and when a target goes down the component turns red and an incident appears without a reload.
 */
@QuarkusTest
class PageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final String RED = "rgb(164, 14, 38)";

    @TestHTTPResource("/")
    URL app;

    @ConfigProperty(name = "fake.orchestrator-flapping.url")
    String flappingUrl;

    @TempDir
    Path profile;

    @Test
    void componentTurnsRedAndAnIncidentAppearsWithoutAReload() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "browser test skipped: " + CHROMIUM + " is missing "
                + "(install the Debian package 'chromium'; Playwright must never download a browser here)");
        Map<String, String> env = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
                BrowserContext browser = playwright.chromium().launchPersistentContext(profile,
                        new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM)
                                .setHeadless(true).setArgs(FLAGS).setViewportSize(390, 844))) {
            Page page = browser.newPage();
            page.setDefaultTimeout(15_000);
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            page.navigate(app.toString());

            for (String name : List.of("Database", "Database writes", "Database reads", "DNS resolution",
                    "Orchestration", "Status page")) {
                PlaywrightAssertions.assertThat(page.locator("[data-pill='" + name + "']")).isVisible();
            }
            Locator orchestration = page.locator("[data-pill='Orchestration']");
            PlaywrightAssertions.assertThat(orchestration).hasText("Operational");
            page.evaluate("() => { window.loadedOnce = 'yes'; }");

            given().post(flappingUrl + "/control/503").then().statusCode(204);

            PlaywrightAssertions.assertThat(page.locator("[data-pill='Orchestration']")).hasText("Major outage");
            PlaywrightAssertions.assertThat(page.locator("[data-incident='Orchestration down']")).isVisible();
            assertEquals(RED, page.locator("[data-pill='Orchestration']")
                    .evaluate("e => getComputedStyle(e).backgroundColor"), "the pill is red");
            assertEquals("yes", page.evaluate("() => window.loadedOnce"), "the page was not reloaded");

            Path shot = Path.of("target", "playwright", "status-page-outage.png");
            Files.createDirectories(shot.getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
            assumeTrue(Files.size(shot) > 0);
        } finally {
            given().post(flappingUrl + "/control/200").then().statusCode(204);
            Eventually.within(Duration.ofSeconds(10), () -> given().get("/api/v2/summary.json").then()
                    .body("components.find { it.name == 'Orchestration' }.status", equalTo("operational")));
            Eventually.within(Duration.ofSeconds(10), () -> assertNull(given().get("/api/v2/incidents/unresolved.json")
                    .then().extract().path("incidents.find { it.name == 'Orchestration down' }")));
        }
    }
}
