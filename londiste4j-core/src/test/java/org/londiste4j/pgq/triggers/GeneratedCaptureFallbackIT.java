package org.londiste4j.pgq.triggers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgq.create_capture_trigger falls back to pgq.logutriga, and says so, whenever a generated function could be
 * wrong: arguments it does not generate (when=, ev_*=), a magic _pgq_ev_* column (also one added later: the
 * trigger is moved), no event triggers (an install by a non-superuser). Generated functions go with their trigger
 * or table. A non-superuser table owner gets a generated function when a superuser installed pgq, and that
 * owner's own DDL regenerates it.
 */
class GeneratedCaptureFallbackIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFallBackForArgumentsAndMagicColumns(String major) throws Exception {
        TestDb db = TestDb.create(major, "gcfall");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("create table t (id int primary key, v text)");
            assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('t', 'w', 'q',"
                    + " array['when=id > 1'])"));
            assertTrue(warnings(st).contains("trigger w on t uses pgq.logutriga"), warnings(st));
            assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('t', 'x', 'q',"
                    + " array['ev_extra1=v'])"));
            assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('t', 'y', 'q', array['bogus'])"));
            st.execute("create table m (id int primary key, _pgq_ev_extra3 text)");
            assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('m', 'cap', 'q')"));
            assertEquals("0", text(st, "select count(*) from pgq.capture_function"));
            assertEquals("pgq.logutriga,pgq.logutriga,pgq.logutriga", text(st, "select string_agg("
                    + "tgfoid::regproc::text, ',' order by tgname) from pg_trigger where tgrelid = 't'::regclass"));

            // a magic column added later moves the trigger to pgq.logutriga, which logs the column's value
            st.execute("create table g (id int primary key, v text)");
            String fn = text(st, "select pgq.create_capture_trigger('g', 'cap', 'q', array['backup'])");
            assertTrue(fn.startsWith("pgq._cap_"), fn);
            st.execute("alter table g add column _pgq_ev_extra3 text");
            assertEquals("pgq.logutriga", text(st, "select tgfoid::regproc::text from pg_trigger"
                    + " where tgrelid = 'g'::regclass"));
            assertEquals("0", text(st, "select count(*) from pg_proc where oid = to_regproc('" + fn + "')"));
            st.execute("delete from pgq.event_1");
            st.execute("insert into g values (1, 'a', 'magic')");
            assertEquals("I:id|id=1&v=a|public.g|magic", text(st, "select concat_ws('|', ev_type, ev_data, ev_extra1,"
                    + " ev_extra3) from pgq.event_1"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFollowCastsToTextAndLeavePartitionedTablesToLogutriga(String major) throws Exception {
        TestDb db = TestDb.create(major, "gccast");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("create type e as enum ('a b', 'c')");
            st.execute("create table t (id int primary key, v e)");
            assertTrue(text(st, "select pgq.create_capture_trigger('t', 'cap', 'q')").startsWith("pgq._cap_"));
            st.execute("insert into t values (1, 'a b')");
            // '::text' would now call the cast; the event keeps the type's output text, as pgq.logutriga's
            st.execute("create function e_text(e) returns text as 'select ''X'' || textin(enum_out($1))'"
                    + " language sql immutable");
            st.execute("create cast (e as text) with function e_text(e)");
            st.execute("insert into t values (2, 'c')");
            st.execute("drop cast (e as text)");
            st.execute("insert into t values (3, 'c')");
            assertEquals("id=1&v=a+b,id=2&v=c,id=3&v=c", text(st, "select string_agg(ev_data, ',' order by ev_id)"
                    + " from pgq.event_1"));
            if (Double.parseDouble(major) >= 11) {
                st.execute("create table p (id int primary key, v text) partition by range (id)");
                st.execute("create table p1 partition of p for values from (0) to (10)");
                assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('p', 'cap', 'q')"));
                st.execute("insert into p values (4, 'x')");
                assertEquals("I:id|id=4&v=x|public.p1", text(st, "select concat_ws('|', ev_type, ev_data, ev_extra1)"
                        + " from pgq.event_1 where ev_id = (select max(ev_id) from pgq.event_1)"));
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldDropGeneratedFunctionsWithTheirTriggerOrTable(String major) throws Exception {
        TestDb db = TestDb.create(major, "gcdrop");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("create schema s");
            st.execute("create table s.a (id int primary key)");
            st.execute("create table s.b (id int primary key)");
            st.execute("create table s.c (id int primary key)");
            String a1 = text(st, "select pgq.create_capture_trigger('s.a', 'one', 'q')");
            String a2 = text(st, "select pgq.create_capture_trigger('s.a', 'two', 'q', array['SKIP'], true)");
            text(st, "select pgq.create_capture_trigger('s.b', 'one', 'q')");
            text(st, "select pgq.create_capture_trigger('s.c', 'one', 'q')");
            assertEquals("4", text(st, "select count(*) from pgq.capture_function"));
            assertEquals("4", text(st, "select count(*) from pg_proc where proname like '\\_cap\\_%'"));
            assertEquals("BEFORE", text(st, "select case when tgtype & 2 <> 0 then 'BEFORE' else 'AFTER' end"
                    + " from pg_trigger where tgname = 'two'"));
            st.execute("alter trigger one on s.a rename to uno");
            st.execute("drop trigger uno on s.a");
            assertEquals("0", text(st, "select count(*) from pg_proc where oid = to_regproc('" + a1 + "')"));
            assertEquals("1", text(st, "select count(*) from pg_proc where oid = to_regproc('" + a2 + "')"));
            // as after a dump and restore: the registry's oids are the old database's; the function names hold
            st.execute("update pgq.capture_function set cf_table = 1, cf_trigger = 1");
            st.execute("alter table s.c add column v text");
            st.execute("insert into s.c values (1, 'x')");
            assertEquals("id=1&v=x", text(st, "select ev_data from pgq.event_1"));
            SchemaInstaller.install(c, "pgq");    // an install refreshes the registry's oids
            assertEquals("3", text(st, "select count(*) from pgq.capture_function cf join pg_trigger t"
                    + " on t.oid = cf.cf_trigger and t.tgrelid = cf.cf_table"
                    + " and t.tgfoid::regproc::text = cf.cf_function"));
            st.execute("update pgq.capture_function set cf_table = 1, cf_trigger = 1");
            st.execute("drop table s.b");
            assertEquals("2", text(st, "select count(*) from pgq.capture_function"));
            st.execute("drop schema s cascade");
            assertEquals("0", text(st, "select count(*) from pgq.capture_function"));
            assertEquals("0", text(st, "select count(*) from pg_proc where proname like '\\_cap\\_%'"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFallBackWithoutEventTriggersAndServeOwnersOtherwise(String major) throws Exception {
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of())) {
            // installed by a database owner who is no superuser: no event triggers, so no generated functions
            TestDb own = TestDb.create(pg, major, "gcnosu");
            try (Connection c = own.connect(); Statement st = c.createStatement()) {
                st.execute("create role app_owner login nosuperuser");
                st.execute("alter database " + own.name() + " owner to app_owner");
            }
            try (Connection c = DriverManager.getConnection(own.jdbcUrl(), "app_owner", "");
                 Statement st = c.createStatement()) {
                SchemaInstaller.install(c, "pgq");
                assertEquals("0", text(st, "select count(*) from pg_event_trigger"));
                st.execute("select pgq.create_queue('q')");
                st.execute("create table t (id int primary key, v text)");
                assertEquals("pgq.logutriga", text(st, "select pgq.create_capture_trigger('t', 'cap', 'q')"));
                assertTrue(warnings(st).contains("only a superuser may create them"), warnings(st));
                st.execute("insert into t values (1, 'a')");
                assertEquals("I:id|id=1&v=a", text(st, "select ev_type || '|' || ev_data from pgq.event_1"));
            }

            // installed by a superuser: the owner's trigger is generated and the owner's DDL regenerates it
            TestDb su = TestDb.create(pg, major, "gcsu");
            try (Connection c = su.connect(); Statement st = c.createStatement()) {
                SchemaInstaller.install(c, "pgq");
                st.execute("select pgq.create_queue('q')");
                st.execute("create table t (id int primary key, v text)");
                st.execute("alter table t owner to app_owner");
                st.execute("grant usage on schema pgq to app_owner");
            }
            try (Connection c = DriverManager.getConnection(su.jdbcUrl(), "app_owner", "");
                 Statement st = c.createStatement()) {
                assertTrue(text(st, "select pgq.create_capture_trigger('t', 'cap', 'q')").startsWith("pgq._cap_"));
                st.execute("insert into t values (1, 'a')");
                st.execute("alter table t rename column v to w");
                st.execute("insert into t values (2, 'b')");
            }
            try (Connection c = su.connect(); Statement st = c.createStatement()) {
                assertEquals("I:id|id=1&v=a,I:id|id=2&w=b", text(st, "select string_agg(ev_type || '|' || ev_data,"
                        + " ',' order by ev_id) from pgq.event_1"));
            }
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String warnings(Statement st) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
            all.append(w.getMessage()).append('\n');
        }
        return all.toString();
    }
}
