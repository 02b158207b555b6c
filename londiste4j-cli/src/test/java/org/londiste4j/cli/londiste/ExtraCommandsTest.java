package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.admin.Handlers;
import org.londiste4j.cli.LondisteMain;
import org.londiste4j.cli.logging.LogSetup;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show-handlers, and the one-line refusals of execute, check, fkeys and repair that need no database. */
class ExtraCommandsTest {
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

    private String ini(String body) throws Exception {
        Path p = tmp.resolve("node.ini");
        Files.writeString(p, "[londiste]\n" + body);
        return p.toString();
    }

    @Test
    void showHandlersListsEveryHandlerAndSaysWhichAreSupported() throws Exception {
        String ini = ini("db = dbname=x host=localhost port=1\nqueue_name = q\n");
        Run r = run(ini, "show-handlers");
        assertEquals(0, r.code(), r.err());
        assertEquals("londiste: " + Handlers.ALL.get(0).summary() + "\nnot supported (handlers of the original):"
                + " bulk, dispatch, part, qtable, qsplitter, vtable, applyfn, multimaster, obfuscate\n", r.out());
        r = run(ini, "show-handlers", "londiste");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("londiste: the default handler"), r.out());
        r = run(ini, "show-handlers", "shard");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("londiste3: show-handlers: handler part (hash sharding"), r.err());
        assertTrue(r.err().contains("is not supported by londiste4j"), r.err());
        r = run(ini, "show-handlers", "nosuch");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("londiste3: show-handlers: no handler nosuch; handlers: londiste, bulk,"),
                r.err());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        String ini = ini("db = dbname=x host=localhost port=1\nqueue_name = q\n");
        Run r = run(ini, "execute", tmp.resolve("nosuch.sql").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("londiste3: execute: no file "), r.err());

        // an unreachable database: one line, exit 1, for each command that needs it
        for (String cmd : new String[] {"check", "fkeys", "repair"}) {
            r = run(ini, cmd);
            assertEquals(1, r.code(), cmd + ": " + r.err());
            assertEquals(1, r.err().lines().count(), cmd + ": " + r.err());
        }
        r = run(ini("db = dbname=x host=localhost port=1\n"), "fkeys");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("queue_name"), r.err());
    }
}
