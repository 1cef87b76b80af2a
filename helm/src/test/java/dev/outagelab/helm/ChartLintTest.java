package dev.outagelab.helm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** helm lint --strict: Chart.yaml, templates and values.schema.json, as the helm CLI checks them. */
class ChartLintTest {

    static List<Path> ciValuesFiles() {
        return Chart.ciValuesFiles();
    }

    @Test
    void chartPassesStrictLintWithItsDefaultValues() {
        assertPassesStrictLint(Chart.PATH);
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void chartPassesStrictLintWithEachCiValuesFile(Path valuesFile, @TempDir Path workDir) {
        assertPassesStrictLint(Chart.copyWithValues(valuesFile, workDir));
    }

    @Test
    void lintRejectsAValueTheSchemaDoesNotKnow(@TempDir Path workDir) throws IOException {
        // A typo in a values file must fail loudly rather than be ignored by the templates.
        Path typo = workDir.resolve("typo-values.yaml");
        Files.writeString(typo, "dbNode:\n  replica: 5\n");

        LintResult result = new Helm(Chart.copyWithValues(typo, workDir)).lint().strict().call();

        assertTrue(result.isFailed(), "lint passed with an unknown key dbNode.replica");
        assertTrue(result.getMessages().stream().anyMatch(message -> message.contains("replica")), result.getMessages()::toString);
    }

    @Test
    void lintRejectsASiteOutsideEastWestAndCloud(@TempDir Path workDir) throws IOException {
        Path unknownSite = workDir.resolve("site-values.yaml");
        Files.writeString(unknownSite, "statusPage:\n  site: north\n");

        LintResult result = new Helm(Chart.copyWithValues(unknownSite, workDir)).lint().strict().call();

        assertTrue(result.isFailed(), "lint passed with statusPage.site=north");
    }

    private static void assertPassesStrictLint(Path chart) {
        LintResult result = new Helm(chart).lint().strict().call();

        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
        // Strict lint fails on warnings already; this also keeps errors out of the messages.
        assertTrue(result.getMessages().stream().noneMatch(message -> message.startsWith("[ERROR]") || message.startsWith("[WARNING]")),
                () -> String.join("\n", result.getMessages()));
    }
}
