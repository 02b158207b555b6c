package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event insert of the generated capture functions (through the queue's insert view, pgq._insert_view) keeps
 * every guarantee of pgq.insert_event: it follows rotations and a queue's drop and recreate in a session that has
 * already planned its inserts (never a stale event table), takes ev_id from the queue's sequence, ev_time and
 * ev_txid of the transaction, and goes through pgq.insert_event_raw when the queue refuses inserts or limits
 * events per transaction, whoever changed the queue's row. A rotation waits a bounded time for the transactions
 * writing through the view.
 */
class GeneratedCaptureInsertIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFollowRotationsAndQueueRecreate(String major) throws Exception {
        TestDb db = TestDb.create(major, "gcins");
        try (Connection c = db.connect(); Connection app = db.connect(); Connection tx = db.connect();
             Statement st = c.createStatement(); Statement as = app.createStatement();
             Statement ts = tx.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("select pgq.set_queue_config('q', 'rotation_period', '0')");
            st.execute("create table t (id int primary key, v text)");
            assertTrue(text(st, "select pgq.create_capture_trigger('t', 'cap', 'q')").startsWith("pgq._cap_"));

            as.execute("insert into t values (1, 'a')");
            assertEquals("pgq.event_1_0", tableOf(st, "id=1&v=a"));
            // a transaction that has written events holds the insert view: the rotation waits for it a second at
            // most, and is postponed (nothing changed) rather than stall every writer behind its lock
            tx.setAutoCommit(false);
            ts.execute("insert into t values (2, 'b')");
            long t0 = System.nanoTime();
            assertEquals("0", rotate(st));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "step1 waited " + (System.nanoTime() - t0) + " ns");
            assertEquals("0", text(st, "select queue_cur_table::text from pgq.queue"));
            ts.execute("insert into t values (3, 'c')");
            tx.commit();
            // a transaction that took its txid before the rotation and writes its first event after it: into the
            // new table (the view), where batches find it as they found it after reading the new queue row
            ts.execute("select txid_current()");
            assertEquals("1", rotate(st));
            ts.execute("insert into t values (7, 'h')");
            tx.commit();
            tx.setAutoCommit(true);
            assertEquals("pgq.event_1_0", tableOf(st, "id=2&v=b"));
            assertEquals("pgq.event_1_0", tableOf(st, "id=3&v=c"));
            assertEquals("pgq.event_1_1", tableOf(st, "id=7&v=h"));
            as.execute("insert into t values (4, 'd')");
            assertEquals("pgq.event_1_1", tableOf(st, "id=4&v=d"));
            // round to table 0 again (truncated by the rotation): the session's cached plans follow
            assertEquals("1", rotate(st));
            assertEquals("1", rotate(st));
            assertEquals("0", text(st, "select count(*) from pgq.event_1_0"));
            as.execute("update t set v = 'e' where id = 4");
            assertEquals("pgq.event_1_0", tableOf(st, "id=4&v=e"));
            assertEquals("U:id", text(st, "select ev_type from pgq.event_1 where ev_data = 'id=4&v=e'"));
            assertEquals("public.t", text(st, "select ev_extra1 from pgq.event_1 where ev_data = 'id=4&v=e'"));

            // dropped: the capture fails the write, as pgq.insert_event does
            st.execute("select pgq.drop_queue('q')");
            SQLException gone = assertThrows(SQLException.class, () -> as.execute("insert into t values (5, 'f')"));
            assertTrue(gone.getMessage().contains("No such queue: q"), gone.getMessage());
            // recreated (a new id and new tables): events go to the new queue's tables and sequence
            st.execute("select pgq.create_queue('q')");
            // create_queue rewrote the function for the new tables (before that, pgq.insert_event served it)
            assertEquals("true", text(st, "select bool_and(prosrc like '%insert into pgq.event_2_cur %'"
                    + " and prosrc not like '%pgq.event_1_%')::text from pg_proc where proname like '\\_cap\\_%'"));
            app.setAutoCommit(false);
            as.execute("insert into t values (6, 'g')");
            assertEquals("pgq.event_2_0", tableOf(as, "id=6&v=g"));
            assertEquals("true", text(as, "select (ev_time = now() and ev_txid = txid_current()"
                    + " and ev_id = currval('pgq.event_2_id_seq'))::text from pgq.event_2 where ev_data = 'id=6&v=g'"));
            as.execute("delete from t where id = 6");
            app.commit();
            assertEquals("I:id,D:id", text(st, "select string_agg(ev_type, ',' order by ev_id) from pgq.event_2"));
            assertEquals("0", text(st, "select count(*) from pg_class where relname like 'event\\_1\\_%'"));
            assertEquals("pgq.event_2_0", text(st, "select string_agg(distinct d.refobjid::regclass::text, ',') from pg_depend d"
                    + " join pg_rewrite r on r.oid = d.objid where r.ev_class = 'pgq.event_2_cur'::regclass"
                    + " and d.refobjid <> r.ev_class"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldHonourDisabledInsertAndPerTransactionLimit(String major) throws Exception {
        TestDb db = TestDb.create(major, "gclim");
        try (Connection c = db.connect(); Connection app = db.connect();
             Statement st = c.createStatement(); Statement as = app.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("create table t (id int primary key, v text)");
            assertTrue(text(st, "select pgq.create_capture_trigger('t', 'cap', 'q')").startsWith("pgq._cap_"));
            as.execute("insert into t values (1, 'a')");

            st.execute("select pgq.set_queue_config('q', 'disable_insert', 'true')");
            SQLException off = assertThrows(SQLException.class, () -> as.execute("insert into t values (2, 'b')"));
            assertTrue(off.getMessage().contains("Insert into queue disallowed"), off.getMessage());
            st.execute("select pgq.set_queue_config('q', 'disable_insert', 'false')");
            // the queue row changed by hand (as pgq_node.demote_root does): the insert view follows it too
            st.execute("update pgq.queue set queue_disable_insert = true");
            off = assertThrows(SQLException.class, () -> as.execute("insert into t values (2, 'b')"));
            assertTrue(off.getMessage().contains("Insert into queue disallowed"), off.getMessage());
            st.execute("update pgq.queue set queue_disable_insert = false");
            // an install from before the insert views: the upgrade makes the view and its trigger, and rewrites
            // the function to write through it
            st.execute("drop trigger queue_state_changed on pgq.queue");
            st.execute("drop view pgq.event_1_cur");
            SchemaInstaller.install(c, "pgq");
            assertEquals("1", text(st, "select count(*) from pg_trigger where tgname = 'queue_state_changed'"));
            assertEquals("true", text(st, "select bool_and(prosrc like '%insert into pgq.event_1_cur %')::text"
                    + " from pg_proc where proname like '\\_cap\\_%'"));
            // a function written by an older revision's generator: every upgrade writes it again
            st.execute("do $$ declare f text; begin select cf_function into f from pgq.capture_function;"
                    + " execute 'create or replace function ' || f || '() returns trigger as $b$ begin return null;"
                    + " end $b$ language plpgsql'; end $$");
            SchemaInstaller.install(c, "pgq");
            assertEquals("true", text(st, "select bool_and(prosrc like '%pg_catalog.concat(%' and prosecdef)::text"
                    + " from pg_proc where proname like '\\_cap\\_%'"));

            st.execute("select pgq.set_queue_config('q', 'per_tx_limit', '2')");
            app.setAutoCommit(false);
            as.execute("insert into t values (3, 'c')");
            as.execute("update t set v = 'd' where id = 3");
            SQLException many = assertThrows(SQLException.class, () -> as.execute("insert into t values (4, 'e')"));
            assertTrue(many.getMessage().contains("allows max 2 events from one TX"), many.getMessage());
            app.rollback();
            as.execute("insert into t values (5, 'f')");
            as.execute("insert into t values (6, 'g')");
            app.commit();
            assertEquals("id=1&v=a,id=5&v=f,id=6&v=g", text(st, "select string_agg(ev_data, ',' order by ev_id)"
                    + " from pgq.event_1"));
            assertEquals("true", text(st, "select bool_and(ev_extra1 = 'public.t' and ev_type = 'I:id'"
                    + " and ev_extra2 is null)::text from pgq.event_1"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldWriteEventTablesForAnUnprivilegedUserWithFixedOutputSettingsOnlyWhereNeeded(String major)
            throws Exception {
        TestDb db = TestDb.create(major, "gcusr");
        String role = "gcapp_" + db.name();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("create role " + role + " login");
            st.execute("select pgq.create_queue('q')");
            st.execute("create table plain (id int primary key, v text, n numeric)");
            st.execute("create table stamped (id int primary key, at timestamp, d interval, f float8)");
            st.execute("create table money (k numeric primary key, v text)");
            st.execute("create table ign (id int primary key, at timestamp, v text)");
            st.execute("grant select, insert, update, delete on plain, stamped, money, ign to " + role);
            for (String t : List.of("plain", "stamped", "money")) {
                assertTrue(text(st, "select pgq.create_capture_trigger('" + t + "', 'cap', 'q')")
                        .startsWith("pgq._cap_"));
            }
            assertTrue(text(st, "select pgq.create_capture_trigger('ign', 'cap', 'q', array['ignore=v'])")
                    .startsWith("pgq._cap_"));
            // the generated functions write the event tables as pgq's owner, with no SET clause: neither
            // search_path (GeneratedCaptureSearchPathIT) nor pgq.logutriga's output settings (set only when needed)
            assertEquals("plain:true:{},stamped:true:{}",
                    text(st, "select string_agg(c.relname || ':' || p.prosecdef || ':'"
                            + " || coalesce(p.proconfig::text, '{}'), ','"
                            + " order by c.relname) from pgq.capture_function f join pg_class c on c.oid = f.cf_table"
                            + " join pg_proc p on p.oid = to_regprocedure(f.cf_function || '()')"
                            + " where c.relname in ('plain', 'stamped')"));
        }
        try (Connection app = DriverManager.getConnection(db.jdbcUrl(), role, "");
             Statement as = app.createStatement()) {
            for (String rel : List.of("pgq.event_1_0", "pgq.event_1_cur")) {
                SQLException denied = assertThrows(SQLException.class,
                        () -> as.execute("insert into " + rel + " (ev_id, ev_time) values (1, now())"));
                assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
            }
            // the session's own output settings differ from pgq.logutriga's: the events do not, and the session's
            // settings are the same after each write (also a transaction's SET LOCAL, and after an ignored update).
            // pgjdbc refuses a DateStyle other than ISO: regress/pgq/sql/capture_settings.sql (psql) covers that one
            as.execute("set intervalstyle = sql_standard");
            as.execute("set extra_float_digits = 0");
            String settings = "select current_setting('DateStyle') || '/' || current_setting('IntervalStyle') || '/'"
                    + " || current_setting('extra_float_digits')";
            String ds = text(as, "select current_setting('DateStyle')");
            as.execute("insert into plain values (1, 'a b', 1.50)");
            as.execute("update plain set v = 'c' where id = 1");
            as.execute("delete from plain where id = 1");
            as.execute("insert into stamped values (1, '2026-11-27 11:30:00.25', '1 day 2 hours', 0.1)");
            assertEquals(ds + "/sql_standard/0", text(as, settings));
            app.setAutoCommit(false);
            as.execute("set local intervalstyle = 'iso_8601'");
            as.execute("insert into stamped values (2, '2026-11-28 00:00:00', '3 days', 2.5)");
            assertEquals(ds + "/iso_8601/0", text(as, settings));
            app.commit();
            app.setAutoCommit(true);
            assertEquals(ds + "/sql_standard/0", text(as, settings));
            as.execute("insert into ign values (1, '2026-11-27 10:00:00', 'a')");
            as.execute("update ign set v = 'b' where id = 1");
            assertEquals(ds + "/sql_standard/0", text(as, settings));
            // the defaults (ISO, postgres, extra_float_digits 1 on 12+) take the path that sets nothing
            as.execute("reset datestyle");
            as.execute("reset intervalstyle");
            as.execute("reset extra_float_digits");
            as.execute("insert into stamped values (3, '2026-11-29 01:02:03', '4 days', 0.1)");
            // a key whose text changes but whose value does not (numeric '=') is no key update
            as.execute("insert into money values (1.0, 'x')");
            as.execute("update money set k = 1.00, v = 'y' where k = 1");
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("set extra_float_digits = 3");
            String tenth = text(st, "select 0.1::float8::text"); // 17 digits before 12, shortest after
            assertEquals("I:id id=1&v=a+b&n=1.50 public.plain|U:id id=1&v=c&n=1.50 public.plain"
                    + "|D:id id=1&v=c&n=1.50 public.plain"
                    + "|I:id id=1&at=2026-11-27+11%3a30%3a00.25&d=1+day+02%3a00%3a00&f=" + tenth + " public.stamped"
                    + "|I:id id=2&at=2026-11-28+00%3a00%3a00&d=3+days&f=2.5 public.stamped"
                    + "|I:id id=1&at=2026-11-27+10%3a00%3a00 public.ign"
                    + "|I:id id=3&at=2026-11-29+01%3a02%3a03&d=4+days&f=" + tenth + " public.stamped"
                    + "|I:k k=1.0&v=x public.money|U:k k=1.00&v=y public.money",
                    text(st, "select string_agg(ev_type || ' ' || ev_data || ' ' || ev_extra1, '|' order by ev_id)"
                            + " from pgq.event_1_0"));
        } finally {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("drop owned by " + role);
                st.execute("drop role " + role);
            }
        }
    }

    /** Step1 and step2 of a rotation, as pgqd runs them; step1's result. */
    private static String rotate(Statement st) throws SQLException {
        String r = text(st, "select pgq.maint_rotate_tables_step1('q')::text");
        st.execute("select pgq.maint_rotate_tables_step2()");
        return r;
    }

    private static String tableOf(Statement st, String data) throws SQLException {
        return text(st, "select string_agg(tableoid::regclass::text, ',') from pgq.event_template where ev_data = '"
                + data + "'");
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
