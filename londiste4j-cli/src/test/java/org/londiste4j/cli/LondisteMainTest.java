package org.londiste4j.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.cli.logging.LogSetup;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.ConfigTemplate;
import org.londiste4j.config.IniFile;
import org.londiste4j.config.JobConfig;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** londiste3's command line: every command listed, switch positions, options, the sample, one-line errors. */
class LondisteMainTest {
    /** Every command of reference 1.3 (SPEC.md 6.7: --help lists them all). */
    static final List<String> COMMANDS = List.of("create-root", "create-branch", "create-leaf", "pause", "resume",
            "change-provider", "takeover", "resurrect", "drop-node", "rename-node", "tag-dead", "tag-alive",
            "wait-root", "wait-provider", "status", "node-status", "node-info", "members", "tables", "seqs",
            "missing", "show-handlers", "show-consumers", "add-table", "remove-table", "change-handler", "add-seq",
            "remove-seq", "resync", "wait-sync", "execute", "compare", "repair", "check", "fkeys", "worker", "copy");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        var cl = LondisteMain.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void resetLogging() {
        LogSetup.consoleOnly(0, false);
    }

    @Test
    void helpShouldListEveryCommandByGroup() {
        var r = run("--help");
        assertEquals(0, r.code());
        for (String c : COMMANDS) {
            assertTrue(r.out().contains("\n  " + c + " "), c + " missing in:\n" + r.out());
        }
        assertTrue(r.out().startsWith("Usage: londiste3 [switches] CONFIG.ini COMMAND [ARGS] [OPTIONS]\n"), r.out());
        assertTrue(r.out().contains("Node initialization:\n  create-root "), r.out());
        assertEquals(COMMANDS.size(), LondisteMain.commandLine().getSubcommands().size());
        r.out().lines().forEach(l -> assertTrue(l.length() <= 100, l));
    }

    @Test
    void helpShouldMatchGolden() throws IOException {
        ConfigTemplateTest.golden("londiste-help.txt", run("--help").out());
    }

    @Test
    void helpOfACommandShouldWorkAfterTheConfig() {
        var r = run("x.ini", "create-leaf", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--provider=CONNSTR"), r.out());
        assertTrue(r.out().contains("--merge=QUEUE"), r.out());
    }

    @Test
    void iniShouldPrintTheLondisteSampleMatchingGolden() throws IOException {
        var r = run("--ini");
        assertEquals(0, r.code(), r.err());
        assertEquals(ConfigTemplate.render(ConfigKeys.LONDISTE), r.out());
        ConfigTemplateTest.golden("londiste.ini", r.out());
        for (String key : List.of("db =", "queue_name =", "#consumer_name = %(job_name)s", "#parallel_copies = 4",
                "logfile =", "pidfile =", "#loop_delay = 1.0", "#pgq_lazy_fetch = 300", "#node_name =")) {
            assertTrue(r.out().contains("\n" + key), key);
        }
        var cf = JobConfig.of(IniFile.parse(r.out(), "londiste.ini"), "londiste", ConfigKeys.LONDISTE, Map.of());
        assertEquals(List.of(), cf.check());
        assertEquals(0, run("x.ini", "worker", "--ini").code());
        var afterCommand = run("x.ini", "status", "--ini");
        assertEquals(0, afterCommand.code(), afterCommand.err());
        assertEquals(r.out(), afterCommand.out());
    }

    @Test
    void shouldRefuseAMissingCommandOrConfigInOneLine() {
        var none = run();
        assertEquals(ExitCodes.USAGE, none.code());
        assertEquals("londiste3: no config file and no command given; write londiste3 CONFIG.ini COMMAND "
                + "(see 'londiste3 --help')\n", none.err());
        var noCmd = run("x.ini");
        assertEquals(ExitCodes.USAGE, noCmd.code());
        assertEquals(1, noCmd.err().lines().count(), noCmd.err());
        var bogus = run("x.ini", "add-tabel");
        assertEquals(ExitCodes.USAGE, bogus.code());
        assertTrue(bogus.err().contains("did you mean add-table"), bogus.err());
        var missing = run(tmp.resolve("nosuch.ini").toString(), "status");
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().endsWith("nosuch.ini: file not found; give the path of an ini file "
                + "(--ini prints a sample)\n"), missing.err());
    }

    @Test
    void shouldTakeSwitchesBeforeAndAfterTheCommandAndItsArguments() {
        var cl = LondisteMain.commandLine();
        var pr = cl.parseArgs("-v", "slave.ini", "create-leaf", "slave", "host=b dbname=app", "--provider=host=a "
                + "dbname=app", "-q", "--set", "loop_delay=2", "--nocheck");
        var sub = pr.subcommand();
        assertEquals("create-leaf", sub.commandSpec().name());
        assertEquals(List.of("slave", "host=b dbname=app"), sub.matchedPositionals().stream()
                .map(p -> (String) p.getValue()).toList());
        assertEquals("host=a dbname=app", sub.matchedOptionValue("--provider", null));
        assertTrue(sub.matchedOptionValue("--nocheck", false));
        var g = GenericOptions.of(cl.getCommandSpec());
        assertEquals(1, g.verbosity());
        assertTrue(g.quiet());
        assertEquals(List.of("loop_delay=2"), g.sets());
    }

    @Test
    void addTableShouldTakeEveryOptionOfTheIssue() {
        var sub = LondisteMain.commandLine().parseArgs("x.ini", "add-table", "public.*", "orders", "--wait-sync", "--expect-sync",
                "--skip-truncate", "--dest-table=d", "--no-triggers", "--trigger-flags=IUD", "--trigger-arg=backup",
                "--trigger-arg", "ignore=a", "--skip-non-existing", "--force", "--create", "--create-full",
                "--copy-node=n1", "--find-copy-node", "--max-parallel-copy=3", "--handler=londiste",
                "--handler-arg=a=1", "--merge-all", "--no-merge", "--all").subcommand();
        assertEquals(List.of("backup", "ignore=a"), sub.matchedOptionValue("--trigger-arg", List.of()));
        assertEquals(3, (int) sub.matchedOptionValue("--max-parallel-copy", 0));
        assertEquals(List.of("public.*", "orders"), sub.matchedPositionals().get(0).getValue());
        for (String o : List.of("--all", "--wait-sync", "--expect-sync", "--skip-truncate", "--no-triggers",
                "--skip-non-existing", "--force", "--create", "--create-full", "--find-copy-node", "--merge-all",
                "--no-merge")) {
            assertTrue(sub.matchedOptionValue(o, false), o);
        }
        var s = LondisteMain.commandLine().parseArgs("x.ini", "add-seq", "--all", "--create").subcommand();
        assertTrue(s.matchedOptionValue("--create", false));
        var c = LondisteMain.commandLine().parseArgs("x.ini", "compare", "--count-only", "t1").subcommand();
        assertTrue(c.matchedOptionValue("--count-only", false));
        var w = LondisteMain.commandLine().parseArgs("-d", "x.ini", "worker", "--rewind").subcommand();
        assertTrue(w.matchedOptionValue("--rewind", false));
    }

    @Test
    void adminCommandsShouldRefuseToRunAsDaemons() throws IOException {
        Path ini = tmp.resolve("node.ini");
        Files.writeString(ini, "db = dbname=x\nqueue_name = q\n");
        var d = run("-d", ini.toString(), "takeover", "root1");
        assertEquals(ExitCodes.USAGE, d.code());
        assertTrue(d.err().contains("takeover is not a daemon"), d.err());
    }

    @Test
    void aBrokenIniLineShouldBeOneLineWithExitCode2() throws IOException {
        Path ini = tmp.resolve("bad.ini");
        Files.writeString(ini, "[londiste]\ndb = dbname=x\nthis line is broken\n");
        var r = run(ini.toString(), "status");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("londiste3: config " + ini), r.err());
        assertTrue(r.err().contains("line 3"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void showHandlersListsTheBuiltInOnes() {
        var r = run("x.ini", "show-handlers");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("londiste: the default handler"), r.out());
        assertEquals(ExitCodes.USAGE, run("x.ini", "show-handlers", "bulk").code());
    }

    @Test
    void theCommandTreeShouldBeValid() {
        CommandLine cl = LondisteMain.commandLine();
        assertEquals("londiste3", cl.getCommandName());
    }
}
