package org.londiste4j.cli.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.cli.CliErrorHandler;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code londiste4j demo}'s refusals before anything starts, its help, and the commands it prints for a shell. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CliErrorHandler.install(new CommandLine(new DemoCommand()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void shouldShowItsOptionsAndExamplesInHelp() {
        assertEquals(0, run("--help"));
        for (String s : new String[] {"--dir", "--duration", "--keep", "--stop", "demo --stop --dir mydemo"}) {
            assertTrue(out.toString().contains(s), s + " in\n" + out);
        }
    }

    @Test
    void shouldRefuseStopWithoutDirAsUsageError() {
        assertEquals(2, run("--stop"));
        assertTrue(err.toString().contains("--stop: needs --dir DIR"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void shouldRefuseAFolderWhereADemoMayStillRun() throws Exception {
        Files.writeString(tmp.resolve(Demo.STATE_FILE), "running\n");
        assertEquals(1, run("--dir", tmp.toString()));
        assertTrue(err.toString().contains("a demo may still run there; stop it with 'londiste4j demo --stop --dir "
                + tmp), err.toString());
    }

    @Test
    void shouldRefuseANegativeDuration() {
        assertEquals(2, run("--duration", "-1"));
        assertTrue(err.toString().contains("--duration: must not be negative"), err.toString());
    }

    @Test
    void shouldStopNothingQuietlyInAFolderWithoutADemo() {
        // nothing ran there: no daemons to signal, no servers; the folder is left as it is
        assertEquals(0, run("--stop", "--dir", tmp.toString()));
        assertTrue(out.toString().contains("stopped (0 server(s))"), out.toString());
    }

    @Test
    void shouldQuoteForAShellOnlyWhatNeedsIt() {
        assertEquals("slave.ini", Demo.shellQuote("slave.ini"));
        assertEquals("--provider=host=x", Demo.shellQuote("--provider=host=x"));
        assertEquals("'host=localhost port=5 dbname=shop'", Demo.shellQuote("host=localhost port=5 dbname=shop"));
        assertEquals("'/tmp/it'\\''s here'", Demo.shellQuote("/tmp/it's here"));
    }
}
