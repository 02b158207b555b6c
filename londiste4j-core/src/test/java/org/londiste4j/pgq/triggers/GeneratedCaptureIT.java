package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated per-table capture functions (pgq.create_capture_trigger) must give exactly the events and errors of
 * pgq.logutriga: the capture script (capture.sql) is run with every row trigger on pgq.logutriga that
 * pgq.create_capture_trigger can stand for replaced by a call of it (same name, table, queue and arguments; the
 * script's line numbers kept), and its output must still equal capture.expected, the original C trigger's. The
 * script's own DDL on t5 (column rename, new column in the same transaction, new key, new type, table rename)
 * exercises the regeneration by the event trigger. On a mismatch the output is left in
 * target/capture-generated-&lt;major&gt;.actual.
 */
class GeneratedCaptureIT {
    private static final Pattern TRIGGER = Pattern.compile(
            "create trigger (\\w+) (after|before) (insert or update or delete|insert) on (.+?)"
                    + " for each row execute procedure pgq\\.logutriga\\('q'(.*)\\);");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");

    static List<String> versions() {
        return PgServers.versions();
    }

    /** The capture script with the row triggers the generator can stand for moved to it; counts them. */
    static String generatedScript(int[] replaced) {
        StringBuilder out = new StringBuilder();
        for (String line : CaptureScript.resource("capture.sql").split("\n", -1)) {
            Matcher m = TRIGGER.matcher(line);
            if (m.matches()) {
                List<String> args = new ArrayList<>();
                Matcher a = LITERAL.matcher(m.group(5));
                while (a.find()) {
                    args.add(a.group());
                }
                // the generator makes SKIP triggers BEFORE, the others AFTER: a script line expecting
                // pgq.logutriga's error for SKIP in an AFTER trigger keeps pgq.logutriga
                if (args.contains("'SKIP'") == m.group(2).equals("before")) {
                    line = "do $g$ begin perform pgq.create_capture_trigger('" + m.group(4) + "', '" + m.group(1)
                            + "', 'q', array[" + String.join(", ", args) + "]::text[]); end $g$;";
                    replaced[0]++;
                }
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldCaptureTheAwkwardScriptExactlyAsLogutriga(String major) throws Exception {
        int[] replaced = {0};
        String script = generatedScript(replaced);
        assertTrue(replaced[0] >= 8, "too few triggers replaced: " + replaced[0]);
        TestDb db = TestDb.create(major, "gencap");
        String actual;
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            actual = CaptureScript.run(c, script);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from pgq.capture_function")) {
                rs.next();
                // t1, t5's last trigger i, t6 and t7 stay generated to the end (the others are dropped or fall back)
                assertEquals(4, rs.getInt(1), "generated functions left registered");
            }
        }
        String expected = CaptureScript.resource("capture.expected");
        if (!expected.equals(actual)) {
            Files.writeString(Path.of("target", "capture-generated-" + major + ".actual"), actual,
                    StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual);
    }
}
