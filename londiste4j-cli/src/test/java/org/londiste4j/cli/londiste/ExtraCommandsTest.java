package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.admin.Handlers;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show-handlers, and the one-line refusals of execute, check, fkeys and repair that need no database. */
class ExtraCommandsTest {
    @TempDir
    Path tmp;

    private String ini(String body) throws Exception {
        Path p = tmp.resolve("node.ini");
        Files.writeString(p, "[londiste]\n" + body);
        return p.toString();
    }

    @Test
    void showHandlersListsEveryHandlerAndSaysWhichAreSupported() throws Exception {
        String ini = ini("db = dbname=x host=localhost port=1\nqueue_name = q\n");
        Londiste3.Run r = Londiste3.run(ini, "show-handlers");
        assertEquals(0, r.code(), r.err());
        assertEquals("londiste: " + Handlers.ALL.get(0).summary() + "\nnot supported (handlers of the original):"
                + " bulk, dispatch, part, qtable, qsplitter, vtable, applyfn, multimaster, obfuscate\n", r.out());
        r = Londiste3.run(ini, "show-handlers", "londiste");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("londiste: the default handler"), r.out());
        r = Londiste3.run(ini, "show-handlers", "shard");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("londiste3: show-handlers: handler part (hash sharding"), r.err());
        assertTrue(r.err().contains("is not supported by londiste4j"), r.err());
        r = Londiste3.run(ini, "show-handlers", "nosuch");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("londiste3: show-handlers: no handler nosuch; handlers: londiste, bulk,"),
                r.err());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        String ini = ini("db = dbname=x host=localhost port=1\nqueue_name = q\n");
        Londiste3.Run r = Londiste3.run(ini, "execute", tmp.resolve("nosuch.sql").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("londiste3: execute: no file "), r.err());

        // an unreachable database: one line, exit 1, for each command that needs it
        for (String cmd : new String[] {"check", "fkeys", "repair"}) {
            r = Londiste3.run(ini, cmd);
            assertEquals(1, r.code(), cmd + ": " + r.err());
            assertEquals(1, r.err().lines().count(), cmd + ": " + r.err());
        }
        r = Londiste3.run(ini("db = dbname=x host=localhost port=1\n"), "fkeys");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("queue_name"), r.err());
    }
}
