package org.londiste4j.pgq.triggers;

import org.londiste4j.testkit.PgServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated capture functions are security definer (they write the event tables as pgq's owner) but carry no
 * SET search_path (it costs every call): they run with their caller's path, so every name in them must be
 * schema-qualified. Here an unprivileged writer puts its own schema first in its path, filled with functions,
 * operators, types and tables named like the ones the functions use (and temporary domains over text, int4 and
 * bool, which a session's pg_temp offers even when the path does not name it), each of which raises when used;
 * the writes through the generated triggers (AFTER, BEFORE with SKIP, ignore=, the pgq.insert_event path of a
 * queue limited per transaction) must succeed, and the events must be byte-equal to pgq.logutriga's for the same
 * statements run by the owner with an ordinary path.
 */
class GeneratedCaptureSearchPathIT {

    /** The tables and trigger arguments: generated on the first, pgq.logutriga on the second. */
    private static final List<String[]> TABLES = List.of(
            new String[] {"t", "r", "", "'q'"},
            new String[] {"sk", "rsk", "'SKIP'", "'q', 'SKIP'"},
            new String[] {"ig", "rig", "'ignore=w'", "'q', 'ignore=w'"});

    /**
     * The writes, {t} {sk} {ig} the tables; a leading '!' = refused as a key update. The writer names pg_catalog's
     * operator itself: its own path would find the hostile one.
     */
    private static final List<String> PLAIN = List.of(
            "insert into {t} values (1, 1.0, 'ab', 'key a', 'x & y = z%+', true, 10000000000,"
                    + " '2026-11-27 11:30:00.25', 'ü€ 1+1:2/3 ''q'' \"d\"')",
            "insert into {t} values (2, 2, 'cd', 'key b', null, null, null, null, null)",
            "update {t} set v = 'changed' where id operator(pg_catalog.=) 1",
            "update {t} set k = 1.00, v = 'same key, other text' where id operator(pg_catalog.=) 1",
            "update {t} set b = not b, big = big + 1, at = at + interval '1 day' where id operator(pg_catalog.=) 1",
            "!update {t} set s = 'key c' where id operator(pg_catalog.=) 2",
            "!update {t} set c = 'zz' where id operator(pg_catalog.=) 2",
            "!update {t} set id = 3 where id operator(pg_catalog.=) 2",
            "!update {t} set k = 2.5 where id operator(pg_catalog.=) 2",
            "delete from {t} where id operator(pg_catalog.=) 2",
            "insert into {sk} values (1, 'a')",
            "insert into {sk} values (2, 'b')",
            "insert into {ig} values (1, 'a', 'w1')",
            "update {ig} set w = 'w2' where id operator(pg_catalog.=) 1",
            "update {ig} set v = 'b', w = 'w3' where id operator(pg_catalog.=) 1",
            "delete from {ig} where id operator(pg_catalog.=) 1");
    /** Writes while the queue is limited per transaction: through pgq._capture_insert_event. */
    private static final List<String> LIMITED = List.of(
            "insert into {t} values (4, 4.5, 'ef', 'key d', 'limited', false, -1, '2026-01-01', 'é')",
            "delete from {t} where id operator(pg_catalog.=) 4");

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldWriteTheEventsOfLogutrigaWhateverTheCallersSearchPath(String major) throws Exception {
        AppRoleDb db = AppRoleDb.create(major, "gcpath", "gcpath_");
        String role = db.role();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create schema evil authorization " + role);
            for (String p : List.of("t", "r")) {
                st.execute("create table " + p + " (id int, k numeric, c char(3), s text, v text, b boolean,"
                        + " big bigint, at timestamp, u text, primary key (id, k, c, s))");
            }
            for (String p : List.of("sk", "rsk")) {
                st.execute("create table " + p + " (id int primary key, v text)");
            }
            for (String p : List.of("ig", "rig")) {
                st.execute("create table " + p + " (id int primary key, v text, w text)");
            }
            st.execute("grant select, insert, update, delete on t, sk, ig to " + role);
        }
        try (Connection app = db.connectAsRole(); Statement as = app.createStatement()) {
            plantHostileSchema(as);
            // the hostile '=' on numeric exists before the functions are generated: the key check uses pg_catalog's
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String[] t : TABLES) {
                    assertTrue(text(st, "select pgq.create_capture_trigger('" + t[0] + "', 'cap', 'q'"
                            + (t[2].isEmpty() ? "" : ", array[" + t[2] + "]") + ")").startsWith("pgq._cap_"));
                    st.execute("create trigger cap " + (t[2].contains("SKIP") ? "before" : "after")
                            + " insert or update or delete on " + t[1] + " for each row execute procedure"
                            + " pgq.logutriga(" + t[3] + ")");
                }
                assertEquals("0", text(st, "select count(*) from pg_proc p join pgq.capture_function f"
                        + " on p.oid = to_regprocedure(f.cf_function || '()')"
                        + " where p.prosrc like '%evil%' or array_to_string(p.proconfig, ',') like '%search_path%'"
                        + " or not p.prosecdef"));
            }
            as.execute("set search_path = evil, pg_catalog, public");
            as.execute("create domain pg_temp.text as pg_catalog.text check (false)");
            as.execute("create domain pg_temp.int4 as pg_catalog.int4 check (false)");
            as.execute("create domain pg_temp.bool as pg_catalog.bool check (false)");
            // the traps work: each of these, unqualified, reaches the hostile schema or pg_temp
            for (String probe : List.of("select now()", "select nextval('pgq.event_1_id_seq')",
                    "select concat('ab'::pg_catalog.bpchar)", "select current_setting('search_path')",
                    "select txid_current()", "select 'a'::pg_catalog.text || 'b'", "select 'a'::pg_catalog.text = 'b'",
                    "select 'a'::pg_catalog.text <> 'b'", "select 1 = 1", "select true = true",
                    "select 'a'::pg_catalog.text ~ 'b'", "select replace('a', 'b', 'c')", "select 'a'::text",
                    "select 1::int4", "select true::bool", "select 1.0::pg_catalog.numeric = 1.00",
                    "select string_agg('a'::pg_catalog.text, ',')")) {
                SQLException e = assertThrows(SQLException.class, () -> as.execute(probe), probe);
                assertTrue(e.getMessage().contains("hostile") || e.getMessage().contains("check constraint"),
                        probe + ": " + e.getMessage());
            }
            run(as, PLAIN, false);
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("select pgq.set_queue_config('q', 'per_tx_limit', '1000')");
            }
            run(as, LIMITED, false);
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            run(st, PLAIN, true);
            run(st, LIMITED, true);
            for (String[] t : TABLES) {
                String gen = events(st, t[0]);
                assertEquals(events(st, t[1]), gen, t[0]);
                assertTrue(gen.length() > 0, t[0]);
            }
            assertEquals("I:id,k,c,s id=1&k=1.0&c=ab+&s=key+a&v=x+%26+y+%3d+z%25%2b&b=t&big=10000000000"
                    + "&at=2026-11-27+11%3a30%3a00.25&u=%c3%bc%e2%82%ac+1%2b1%3a2%2f3+%27q%27+%22d%22 -",
                    text(st, "select ev_type || ' ' || ev_data || ' ' || coalesce(ev_extra2, '-') from pgq.event_1"
                            + " where ev_extra1 = 'public.t' order by ev_id limit 1"));
            assertEquals("3,2,8", text(st, "select string_agg(n::text, ',' order by t) from (select ev_extra1 t,"
                    + " count(*) n from pgq.event_1 where ev_extra1 in ('public.t', 'public.sk', 'public.ig')"
                    + " group by 1) x"));
            assertEquals("0", text(st, "select (select count(*) from evil.event_1_0)"
                    + " + (select count(*) from sk)"));
        } finally {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("drop schema evil cascade");
                st.execute("drop owned by " + role);
                st.execute("drop role " + role);
            }
        }
    }

    /** Functions, operators, an aggregate and tables, named like the ones the capture uses; each raises. */
    private static void plantHostileSchema(Statement as) throws SQLException {
        as.execute("create table evil.queue (queue_name text, queue_id int, queue_cur_table int,"
                + " queue_disable_insert boolean, queue_per_tx_limit int)");
        as.execute("insert into evil.queue values ('q', 1, 0, false, null)");
        as.execute("create table evil.event_1_0 (ev_id bigint, ev_time timestamptz, ev_type text, ev_data text,"
                + " ev_extra1 text, ev_extra2 text)");
        String[][] functions = {
            {"nextval(regclass)", "bigint"}, {"now()", "timestamptz"}, {"concat(bpchar)", "text"},
            {"current_setting(text)", "text"}, {"txid_current()", "bigint"}, {"replace(text, text, text)", "text"},
            {"regexp_replace(text, text, text, text)", "text"}, {"encode(bytea, text)", "text"},
            {"convert_to(text, name)", "bytea"}, {"regexp_split_to_table(text, text)", "setof text"},
            {"sa(text, text, text)", "text"},
            {"op_text_eq(text, text)", "boolean"}, {"op_text_cat(text, text)", "text"},
            {"op_text_match(text, text)", "boolean"}, {"op_int4_eq(int4, int4)", "boolean"},
            {"op_int8_eq(int8, int8)", "boolean"}, {"op_bool_eq(bool, bool)", "boolean"},
            {"op_numeric_eq(numeric, numeric)", "boolean"}, {"op_bpchar_eq(bpchar, bpchar)", "boolean"}};
        for (String[] f : functions) {
            as.execute("create function evil." + f[0] + " returns " + f[1] + " as $f$ begin raise exception"
                    + " 'hostile %', '" + f[0] + "'; end $f$ language plpgsql");
        }
        as.execute("create aggregate evil.string_agg(text, text) (sfunc = evil.sa, stype = text)");
        String[][] operators = {
            {"=", "text", "op_text_eq"}, {"<>", "text", "op_text_eq"}, {"||", "text", "op_text_cat"},
            {"~", "text", "op_text_match"}, {"=", "int4", "op_int4_eq"}, {"=", "int8", "op_int8_eq"},
            {"=", "bool", "op_bool_eq"}, {"<>", "bool", "op_bool_eq"}, {"=", "numeric", "op_numeric_eq"},
            {"=", "bpchar", "op_bpchar_eq"}, {"<>", "bpchar", "op_bpchar_eq"}};
        for (String[] o : operators) {
            as.execute("create operator evil." + o[0] + " (leftarg = " + o[1] + ", rightarg = " + o[1]
                    + ", procedure = evil." + o[2] + ")");
        }
    }

    /** The writes on the generated tables, or on the reference (pgq.logutriga) ones. */
    private static void run(Statement st, List<String> writes, boolean reference) throws SQLException {
        for (String w : writes) {
            String named = w.substring(w.startsWith("!") ? 1 : 0);
            for (String[] t : TABLES) {
                named = named.replace("{" + t[0] + "}", reference ? t[1] : t[0]);
            }
            String sql = named;
            if (w.startsWith("!")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertTrue(e.getMessage().contains("primary key update not allowed"), sql + ": " + e.getMessage());
            } else {
                st.execute(sql);
            }
        }
    }

    /** The events of one table, as type, data and extra2, in ev_id order. */
    private static String events(Statement st, String table) throws SQLException {
        return text(st, "select coalesce(string_agg(ev_type || ' ' || ev_data || ' ' || coalesce(ev_extra2, '-')"
                + " || ' ' || coalesce(ev_extra3, '-') || coalesce(ev_extra4, '-'), '|' order by ev_id), '')"
                + " from pgq.event_1 where ev_extra1 = 'public." + table + "'");
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
