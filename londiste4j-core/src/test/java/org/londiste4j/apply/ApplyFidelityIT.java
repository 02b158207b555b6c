package org.londiste4j.apply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.pgq.BatchConsumer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC.md section 4, data fidelity: every type of the list captured by each trigger on one major, applied on the
 * other, set-wise and in order, and compared row by row with the provider (floats by their IEEE bytes, the rest
 * as text in fixed settings). The provider's writer runs with the settings a libpq application may have
 * (DateStyle SQL/DMY, sql_standard intervals, escape bytea, extra_float_digits 0) and another TimeZone than the
 * subscriber, so that nothing depends on the sessions agreeing.
 */
class ApplyFidelityIT {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        ApplyRig.pairs().forEach(p -> {
            for (String trigger : List.of("logutriga", "jsontriga", "sqltriga", "capture")) {
                out.add(Arguments.of(p.get()[0], p.get()[1], trigger));
            }
        });
        return out.stream();
    }

    private static final String TYPES = """
            create schema "My Schema";
            create schema s2;
            create type "My Schema".mood as enum ('sad', 'ok', 'happy');
            create domain "My Schema".posint as int check (value > 0);
            create domain s2.email as text not null check (value like '%@%');
            create type "My Schema".pair as (x int, y text);
            """;

    private static String oddTable(boolean hstore) {
        return "create table \"My Schema\".\"Odd Tbl\" (\"Id\" int, \"select\" text, t text, b bytea, ai int[],"
                + " at text[], j json, jb jsonb, n numeric, f8 float8, f4 real, ts timestamp, tz timestamptz, d date,"
                + " iv interval, e \"My Schema\".mood, dm \"My Schema\".posint, em s2.email, p \"My Schema\".pair,"
                + " u uuid, ip inet, cd cidr, " + (hstore ? "h hstore, " : "")
                + "\"MiXed Case\" varchar(20), \"with space\" char(5), \"order\" bool,"
                + " primary key (\"Id\", \"select\"))";
    }

    private static final String PLAIN = "create table s2.plain (id bigint primary key, v text, n numeric(12,3))";
    private static final String PARTED = "create table s2.plain (id bigint primary key, v text, n numeric(12,3))"
            + " partition by range (id); create table s2.plain_lo partition of s2.plain for values from (minvalue)"
            + " to (100); create table s2.plain_hi partition of s2.plain for values from (100) to (maxvalue)";

    private static final String ODD_COLS = "\"Id\", \"select\", t, b, ai, at, j, jb, n, f8, f4, ts, tz, d, iv, e, dm,"
            + " em, p, u, ip, cd, \"MiXed Case\", \"with space\", \"order\"";

    private static String longText() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1_200_000) {
            sb.append("long \\ 'line' ü ").append(sb.length()).append(' ');
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("cases")
    void everyTypeArrivesEqual(String srcMajor, String dstMajor, String trigger) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            Connection src = rig.admin;
            boolean hstore = tryHstore(src);
            Connection setwise = rig.subscriber(dstMajor);
            Connection ordered = rig.subscriber(dstMajor);
            hstore &= tryHstore(setwise) && tryHstore(ordered);
            run(src, TYPES + oddTable(hstore) + ";" + PLAIN);
            for (Connection d : List.of(setwise, ordered)) {
                // partitioned on 10+; PostgreSQL 10 has no primary key on a partitioned table (ordered path then)
                double v = Double.parseDouble(dstMajor);
                run(d, TYPES + oddTable(hstore) + ";" + (v >= 11 ? PARTED : v >= 10
                        ? PARTED.replace("id bigint primary key", "id bigint") : PLAIN));
                ApplyRig.exec(d, "set TimeZone = 'America/St_Johns'", "set DateStyle = 'ISO, MDY'");
            }
            for (String t : List.of("\"My Schema\".\"Odd Tbl\"", "s2.plain")) {
                if (trigger.equals("capture")) {
                    ApplyRig.exec(src, "select pgq.create_capture_trigger('" + t.replace("'", "''")
                            + "', 'cap', 'q', '{}', true)");
                } else {
                    ApplyRig.exec(src, "create trigger cap after insert or update or delete on " + t
                            + " for each row execute procedure pgq." + trigger + "('q')");
                }
            }
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            String h = hstore ? ", h" : "";
            String hv1 = hstore ? ", 'a=>1, \"b c\"=>\"x,y\", n=>NULL'" : "";
            String hvNull = hstore ? ", null" : "";
            String cols = ODD_COLS + h;
            String ins = "insert into \"My Schema\".\"Odd Tbl\" (" + cols + ") values ";
            write(rig,
                    ins + "(1, 'a b&c=d+e%f''g\\h\"i', 'plain', '\\x00ff27', '{1,NULL,3}',"
                            + " '{a,\"b c\",NULL,\"q\\\"x\",\"\"}',"
                            + " '{\"k\": \"v\\u00e9\", \"n\": [1, 2.50]}', '{\"z\": 1, \"a\": \"x y\"}', 1.50,"
                            + " 0.1::float8 + 0.2::float8, 1.1, '2020-01-02 03:04:05.678901', '2020-01-02 03:04:05+02',"
                            + " '2020-01-31', '1 year 2 mons 3 days 04:05:06.789', 'happy', 5, 'a@b',"
                            + " row(1, 'p \"q\"'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '10.1.2.3/24',"
                            + " '10.1.0.0/16',"
                            + " 'MiXeD', 'ab', true" + hv1 + ")",
                    ins + "(2, '', null, null, null, null, null, null, null, null, null, null, null, null, null,"
                            + " null, null, 'n@n', null, null, null, null, null, null, null" + hvNull + ")",
                    ins + "(3, 'empty', '', '', '{}', '{}', '\"\"', '{}', 0, 0, 0, '2000-01-01', '2000-01-01 00:00+00',"
                            + " '2000-01-01', '0', 'sad', 1, 'e@e', row(null, ''),"
                            + " '00000000-0000-0000-0000-000000000000',"
                            + " '::1', '::/0', '', '', false" + (hstore ? ", ''" : "") + ")",
                    ins + "(4, 'specials', 'NULL', '\\\\N', '{-2147483648}', '{NULL,\"NULL\"}', 'null', '[]', 'NaN',"
                            + " 'NaN', '-Infinity', 'infinity', '-infinity', 'infinity',"
                            + " '-1 year -2 mons +3 days -04:05:06.789', 'ok', 2147483647, 'x@y', row(-1, '\\'),"
                            + " 'ffffffff-ffff-ffff-ffff-ffffffffffff', '2001:db8::1/64', '2001:db8::/32', 'x', 'y',"
                            + " null" + hvNull + ")",
                    ins + "(5, 'exact', E'tab\\there\\nnl\\r\\\\ ü€ 😀 日本語 ''s''',"
                            + " decode('00010203fffefd5c0a0d09', 'hex'),"
                            + " '{0}', '{\"a\\\\b\",\"c\\td\"}', '{\"deep\": {\"a\": [null, true, 1e-7]}}',"
                            + " '{\"big\": 123456789012345678901234567890}',"
                            + " 12345678901234567890.123456789012345678901234567890, 5e-324, 3.4028235e38,"
                            + " '0044-03-15 12:00:00 BC', '1850-06-01 12:00:00+00', '0044-03-15 BC', '1 mon -1 sec',"
                            + " 'sad', 3, 'u@v', row(7, 'x,y'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '0.0.0.0/0',"
                            + " '192.168.0.0/24', 'üüü', 'é', true" + hvNull + ")",
                    ins + "(6, 'floats', null, null, null, null, null, null, 1e-20, -0.0::float8,"
                            + " '-0'::real, null, null, null, null, null, null, 'f@f', null, null, null, null, null,"
                            + " null, null" + hvNull + ")",
                    ins + "(7, 'long', '" + longText().replace("'", "''") + "', null, null, null, null, null, null,"
                            + " 1.7976931348623157e308, null, null, null, null, null, null, null, 'l@l', null, null,"
                            + " null, null, null, null, null" + hvNull + ")");
            write(rig, "update \"My Schema\".\"Odd Tbl\" set t = replace(t, 'line', chr(9) || 'line' ||"
                            + " chr(10) || chr(13)) where \"Id\" = 7",
                    "update \"My Schema\".\"Odd Tbl\" set t = 'changed ' || t, f8 = f8 * 3, iv = iv * 2,"
                            + " jb = jb || '{\"new\": \"k\"}', ai = ai || 9, e = 'ok', p = row(2, null)"
                            + " where \"Id\" in (1, 5)",
                    "update \"My Schema\".\"Odd Tbl\" set t = null, b = null where \"Id\" = 3",
                    "delete from \"My Schema\".\"Odd Tbl\" where \"Id\" = 6");
            StringBuilder plain = new StringBuilder("insert into s2.plain values ");
            for (int i = 1; i <= 300; i++) {
                plain.append(i > 1 ? ", " : "").append("(").append(i).append(", 'v").append(i).append("', ")
                        .append(i).append(".125)");
            }
            write(rig, plain.toString(), "update s2.plain set v = v || '!' where id % 7 = 0",
                    "delete from s2.plain where id % 11 = 0", "update s2.plain set n = -n where id between 95 and 105");

            ApplyRig.Totals a = rig.drain(cs, setwise, ApplySettings.defaults().withMinSetWiseEvents(1));
            ApplyRig.Totals b = rig.drain(co, ordered, ApplySettings.ordered());
            if (!trigger.equals("sqltriga")) {
                assertTrue(a.stats.setWiseEvents() > (dstMajor.equals("10") ? 0 : 300), a.stats.toString());
            }
            assertEquals(0, b.stats.setWiseEvents());
            for (String[] t : new String[][]{{"\"My Schema\".\"Odd Tbl\"", "\"Id\""}, {"s2.plain", "id"}}) {
                List<String> want = ApplyRig.dump(src, t[0], t[1]);
                assertEquals(t[0].contains("Odd") ? 6 : 273, want.size());
                assertLinesEqual(want, ApplyRig.dump(setwise, t[0], t[1]), "set-wise " + t[0]);
                assertLinesEqual(want, ApplyRig.dump(ordered, t[0], t[1]), "ordered " + t[0]);
            }
        }
    }

    private static void assertLinesEqual(List<String> want, List<String> got, String what) {
        assertEquals(want.size(), got.size(), what + ": row count");
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String g = got.get(i);
            if (!w.equals(g)) {
                assertEquals(abbreviate(w), abbreviate(g), what + " row " + i);
                assertEquals(w, g, what + " row " + i);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() < 2000 ? s : s.substring(0, 1000) + "..." + s.substring(s.length() - 1000);
    }

    /**
     * Runs the statements through psql, a libpq application, with the settings such an application may have:
     * another TimeZone than the subscriber, DateStyle SQL/DMY, sql_standard intervals, escape bytea and
     * extra_float_digits 0 (pgjdbc would refuse the DateStyle in its own session).
     */
    private static void write(ApplyRig rig, String... sqls) throws Exception {
        Path script = Files.createTempFile("apply-fidelity", ".sql");
        try {
            Files.writeString(script, String.join(";\n", sqls) + ";\n", StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost",
                    "-p", String.valueOf(rig.srcDb.port()), "-U", "postgres", "-d", rig.srcDb.name(), "-f",
                    script.toString()).redirectErrorStream(true);
            pb.environment().put("PGOPTIONS", "-c TimeZone=Pacific/Chatham -c DateStyle=SQL,DMY"
                    + " -c IntervalStyle=sql_standard -c bytea_output=escape -c extra_float_digits=0");
            pb.environment().put("PGCLIENTENCODING", "UTF8");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "psql: " + out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static boolean tryHstore(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create extension if not exists hstore");
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return false;
        }
    }

    private static void run(Connection c, String script) throws SQLException {
        for (String s : script.split(";")) {
            if (!s.isBlank()) {
                ApplyRig.exec(c, s);
            }
        }
    }
}
