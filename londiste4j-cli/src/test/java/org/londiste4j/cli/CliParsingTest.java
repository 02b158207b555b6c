package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;
import org.londiste4j.daemon.DaemonControl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic switches before and after the command, and one-line errors with the right exit codes. */
class CliParsingTest {

    @Command(name = "tool", subcommands = {Sub.class, Status.class}, versionProvider = VersionProvider.class)
    static class Root implements Callable<Integer> {
        @Mixin
        GenericOptions generic;
        @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG.ini")
        String config;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "status")
    static class Status implements Callable<Integer> {
        static String jobName;
        @Mixin
        GenericOptions generic;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var root = (Root) spec.root().userObject();
            var cf = JobRunner.command(spec, java.nio.file.Path.of(root.config),
                    org.londiste4j.config.ConfigKeys.LONDISTE_BASE);
            jobName = cf.jobName();
            return 0;
        }
    }

    @Command(name = "sub")
    static class Sub implements Callable<Integer> {
        static RuntimeException toThrow;
        @Mixin
        GenericOptions generic;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            GenericOptions.of(spec).validate(spec.commandLine());
            if (toThrow != null) {
                throw toThrow;
            }
            return 0;
        }
    }

    record Run(int code, String out, String err, Root root) {
    }

    static Run run(String... args) {
        var root = new Root();
        var cl = CliErrorHandler.install(new CommandLine(root));
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString(), root);
    }

    @Test
    void shouldTakeGenericSwitchesBeforeAndAfterTheCommand() {
        Sub.toThrow = null;
        var r = run("-v", "--set", "a=1", "x.ini", "sub", "-v", "--set", "b=2", "-d");
        assertEquals(0, r.code(), r.err());
        var g = r.root().generic;
        assertEquals(2, g.verbosity());
        assertTrue(g.daemon());
        assertEquals(List.of("a=1", "b=2"), g.sets());
        assertEquals("x.ini", r.root().config);
        assertNull(g.action());

        var s = run("x.ini", "sub", "-s");
        assertEquals(DaemonControl.Action.STOP, s.root().generic.action());
        assertEquals(3, run("-vvv", "x.ini").root().generic.verbosity());
    }

    @Test
    void shouldRefuseContradictionsInOneLineWithExitCode2() {
        Sub.toThrow = null;
        var r = run("x.ini", "sub", "-s", "-k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("tool: -s, -k and -r exclude each other; give one (see 'tool sub --help')\n", r.err());
        var d = run("-d", "x.ini", "sub", "-r");
        assertEquals(ExitCodes.USAGE, d.code());
        assertTrue(d.err().startsWith("tool: -d starts a daemon and -s, -k, -r signal a running one"), d.err());
    }

    @Test
    void shouldAnswerUnknownOptionsWithOneLineAndAHint() {
        var r = run("x.ini", "sub", "--stpo");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tool: Unknown option: '--stpo'"), r.err());
        assertTrue(r.err().contains("did you mean --stop?"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldMapExceptionsToExitCodesWithoutStackTraces() {
        Sub.toThrow = new ConfigException(List.of("config x.ini: key a (line 2): bad", "config x.ini: key b: worse"));
        var c = run("x.ini", "sub");
        assertEquals(ExitCodes.USAGE, c.code());
        assertEquals("tool: config x.ini: key a (line 2): bad\ntool: config x.ini: key b: worse\n", c.err());

        Sub.toThrow = new L4jException("database dbname=x: connection refused");
        var f = run("x.ini", "sub");
        assertEquals(ExitCodes.FAILURE, f.code());
        assertEquals("tool: database dbname=x: connection refused\n", f.err());

        Sub.toThrow = new IllegalStateException("boom");
        var b = run("x.ini", "sub");
        assertEquals(ExitCodes.FAILURE, b.code());
        assertEquals("tool: internal error: java.lang.IllegalStateException: boom; run with -v for details, and "
                + "report it\n", b.err());
        assertFalse(b.err().contains("\tat "));
        Sub.toThrow = null;
    }

    @Test
    void shouldPrintHelpAndVersionAfterTheCommandToo() {
        var h = run("x.ini", "sub", "-h");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--set=KEY=VALUE"), h.out());
        var v = run("-V");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("londiste4j "), v.out());
    }

    @Test
    void daemonFlowShouldPrintTheSampleAndRefuseSignalsWithoutPidfile(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        var cl = CliErrorHandler.install(new CommandLine(new TestDaemonMain()));
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("--ini"));
        assertEquals(org.londiste4j.config.ConfigTemplate.render(org.londiste4j.config.ConfigKeys.LONDISTE_BASE),
                out.toString());

        var ini = tmp.resolve("job.ini");
        java.nio.file.Files.writeString(ini, "[londiste]\nloop_delay = 1\n");
        // one CommandLine per run, as in a process: the switches' values are not reset between runs
        cl = CliErrorHandler.install(new CommandLine(new TestDaemonMain()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCodes.USAGE, cl.execute(ini.toString(), "-s"));
        assertEquals("testd: no pidfile in the config; -s, -k and -r find the daemon through it: set pidfile\n",
                err.toString());
    }

    @Test
    void commandShouldLoadConfigAndRefuseDaemonSwitches(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        var ini = tmp.resolve("slave.ini");
        java.nio.file.Files.writeString(ini, "logfile = " + tmp + "/log/%(job_name)s.log\n");
        var ok = run(ini.toString(), "status", "-v");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("slave", Status.jobName);
        assertTrue(java.nio.file.Files.exists(tmp.resolve("log/slave.log")));
        var bad = run(ini.toString(), "status", "-s");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertEquals("tool: status is not a daemon: -d, -s, -k and -r apply to daemons only (e.g. worker) "
                + "(see 'tool status --help')\n", bad.err());
        org.londiste4j.cli.logging.LogSetup.consoleOnly(0, false);
    }

    @Test
    void londiste4jSqlShouldRefuseAnUnknownSchemaInOneLine() {
        var cl = L4jMain.commandLine();
        var err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(ExitCodes.USAGE, cl.execute("sql", "nosuch"));
        assertEquals("londiste4j: schema nosuch: unknown; known schemas: pgq, pgq_node, londiste"
                        + " (see 'londiste4j sql --help')\n",
                err.toString());
    }
}
