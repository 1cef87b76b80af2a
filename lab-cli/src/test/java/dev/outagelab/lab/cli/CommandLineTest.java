package dev.outagelab.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the commands that needs no running lab. */
class CommandLineTest {

    @TempDir
    Path state;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = LabCommand.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void statusOfALabThatIsNotUpExitsThree() {
        assertEquals(ExitCodes.NOT_UP, run("status", "--state-dir", state.toString()));
        assertTrue(out.toString().contains("lab is not running"));
    }

    @Test
    void statusJsonOfALabThatIsNotUpIsAnEmptyArray() {
        assertEquals(ExitCodes.OK, run("status", "--json", "--state-dir", state.toString()));
        assertEquals("[ ]", out.toString().trim());
    }

    @Test
    void downWhenNotUpIsFine() {
        assertEquals(ExitCodes.OK, run("down", "--state-dir", state.toString()));
        assertTrue(out.toString().contains("lab is not running"));
    }

    @Test
    void stopOfAnUnknownInstanceIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("stop", "db-node-east-9", "--state-dir", state.toString()));
        assertTrue(err.toString().contains("db-node-east-1"), "lists the valid names: " + err);
    }

    @Test
    void faultCommandsCheckTheNameAndNeedARunningLab() {
        for (String command : new String[] {"kill", "pause", "resume"}) {
            assertEquals(ExitCodes.USAGE, run(command, "db-node-east-9", "--state-dir", state.toString()), command);
            assertEquals(ExitCodes.FAILURE, run(command, "db-node-east-1", "--state-dir", state.toString()), command);
        }
        assertEquals(ExitCodes.FAILURE, run("heal", "--state-dir", state.toString()));
        assertTrue(err.toString().contains("./lab up"), err.toString());
    }

    @Test
    void stopWhenNotUpFailsWithAHint() {
        assertEquals(ExitCodes.FAILURE, run("stop", "db-node-east-1", "--state-dir", state.toString()));
        assertTrue(err.toString().contains("./lab up"), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("up", "--bogus"));
    }

    @Test
    void aNegativePortOffsetIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("up", "--port-offset", "-1", "--state-dir", state.toString()));
    }

    @Test
    void superviseIsHiddenFromHelp() {
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("status"));
        assertTrue(!out.toString().contains("supervise"), out.toString());
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofSeconds(120), c.convert("120s"));
        assertEquals(Duration.ofMinutes(2), c.convert("2m"));
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), c.convert("30"));
        assertEquals(Duration.ofSeconds(90), c.convert("PT1M30S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("soon"));
    }
}
