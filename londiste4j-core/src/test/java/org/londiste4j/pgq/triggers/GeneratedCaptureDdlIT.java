package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated capture function is rewritten by the event trigger in the transaction of every DDL that changes its
 * table, so the next event, in any session, is still exactly pgq.logutriga's. The same steps run in two databases,
 * one with the table's trigger made by pgq.create_capture_trigger, one on pgq.logutriga; an application session
 * writes while a DBA session (or the application itself, in its own transaction) changes the table: column
 * rename, new key by ALTER TABLE and by an index (ADD ... USING INDEX), ALTER INDEX, type change, added and
 * dropped columns, NOT NULL dropped, ALTER SCHEMA RENAME, table rename, SET SCHEMA. Events and errors must match.
 */
class GeneratedCaptureDdlIT {
    private static final String CREATE = "CREATE";

    static List<String> versions() {
        return PgServers.versions();
    }

    /** Steps: "a:" runs in the application session, "d:" in the DBA session; CREATE makes the trigger. */
    private static final List<String> STEPS = List.of(
            "d:create schema s",
            "d:create table s.t (id int primary key, v text, n int, c char(3), b bool, f float8)",
            CREATE,
            "a:insert into s.t values (1, 'a', 1, 'x', true, 1.5)",
            "d:alter table s.t rename column v to \"W w\"",
            "a:insert into s.t values (2, 'b', 2, 'y', false, 2.5)",
            "a:update s.t set n = 20 where id = 2",
            "d:alter table s.t drop constraint t_pkey, add primary key (\"W w\")",
            "a:update s.t set n = 21 where id = 2",
            "a:update s.t set id = 12 where id = 2",
            "d:create unique index t_two on s.t (id, \"W w\")",
            "d:alter table s.t drop constraint t_pkey, add constraint t_pkey primary key using index t_two",
            "a:update s.t set n = 22 where id = 12",
            "a:update s.t set id = 2 where id = 12",
            "d:alter index s.t_pkey rename to t_key",
            "a:update s.t set n = 23 where id = 2",
            "d:alter table s.t alter column n type bool using n > 2",
            "a:insert into s.t values (3, 'c', true, 'z', null, null)",
            "d:alter table s.t add column x text not null default 'dflt'",
            "a:insert into s.t values (4, 'd', false, 'w', true, 4.5, 'given')",
            "a:update s.t set f = 1.25 where id = 1",
            "d:alter table s.t drop column c",
            "a:update s.t set b = not b where id = 4",
            "d:alter table s.t alter column x drop not null",
            "a:insert into s.t (id, \"W w\", x) values (5, 'e', null)",
            "d:alter schema s rename to s2",
            "a:update s2.t set f = 5.5 where id = 5",
            "d:alter table s2.t rename to \"T two\"",
            "a:delete from s2.\"T two\" where id = 1",
            "d:alter table s2.\"T two\" set schema public",
            "a:insert into \"T two\" (id, \"W w\", x) values (6, 'f', null)",
            "a:begin",
            "a:alter table \"T two\" add column y int",
            "a:insert into \"T two\" (id, \"W w\", y) values (7, 'g', 70)",
            "a:commit",
            "a:begin",
            "a:alter table \"T two\" rename column y to \"z z\"",
            "a:update \"T two\" set \"z z\" = 71 where id = 7",
            "a:commit",
            "d:update \"T two\" set \"W w\" = 'changed' where id = 7",
            "a:delete from \"T two\" where id = 7");

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldStayEqualToLogutrigaAfterEveryKindOfDdl(String major) throws Exception {
        compare(major, "");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldStayEqualToLogutrigaWithBackupAndIgnoreAfterEveryKindOfDdl(String major) throws Exception {
        compare(major, "'backup', 'ignore=f'");
    }

    private static void compare(String major, String args) throws SQLException {
        String list = args.isEmpty() ? "" : ", " + args;
        String generated = run(major, "gcddl", "select pgq.create_capture_trigger('s.t', 'cap', 'q', array["
                + args + "]::text[])");
        String generic = run(major, "gcddllog", "create trigger cap after insert or update or delete on s.t"
                + " for each row execute procedure pgq.logutriga('q'" + list + ")");
        assertTrue(generic.lines().filter(l -> l.startsWith("event ")).count() >= 15, generic);
        assertTrue(generic.contains("ERROR primary key update not allowed"), generic);
        assertFalse(generic.contains("ERROR invalid"), generic);
        assertTrue(generated.contains("function generated\n"), generated);
        assertTrue(generic.contains("function pgq.logutriga\n"), generic);
        assertEquals(generic.replace("function pgq.logutriga\n", ""), generated.replace("function generated\n", ""));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldSeeItsOwnDdlAfterItsOwnRowsInOneTransaction(String major) throws Exception {
        TestDb db = TestDb.create(major, "gcown");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("select pgq.create_queue('q')");
            st.execute("create table t (id int primary key, v text)");
            st.execute("select pgq.create_capture_trigger('t', 'cap', 'q')");
            c.setAutoCommit(false);
            st.execute("insert into t values (1, 'a')");
            st.execute("alter table t rename column v to w");
            st.execute("alter table t add column n int");
            st.execute("insert into t values (2, 'b', 3)");
            st.execute("alter table t drop constraint t_pkey, add primary key (w)");
            st.execute("delete from t where id = 1");
            c.commit();
            assertEquals(List.of("I:id|id=1&v=a", "I:id|id=2&w=b&n=3", "D:w|id=1&w=a&n"),
                    events(st, "ev_type || '|' || ev_data"));
        }
    }

    private static String run(String major, String prefix, String create) throws SQLException {
        TestDb db = TestDb.create(major, prefix);
        StringBuilder out = new StringBuilder();
        try (Connection app = db.connect(); Connection dba = db.connect();
             Statement a = app.createStatement(); Statement d = dba.createStatement()) {
            SchemaInstaller.install(dba, "pgq");
            d.execute("select pgq.create_queue('q')");
            int n = 0;
            for (String step : STEPS) {
                n++;
                Statement st = step.startsWith("a:") ? a : d;
                String sql = step.equals(CREATE) ? create : step.substring(2);
                try {
                    st.execute(sql);
                } catch (PSQLException e) {
                    out.append(n).append(": ERROR ").append(e.getServerErrorMessage().getMessage()).append('\n');
                    if (step.startsWith("a:")) {
                        a.execute("rollback");  // ends an open "a:begin" (else only a warning)
                    }
                }
            }
            try (ResultSet rs = d.executeQuery("select tgfoid::regproc::text from pg_trigger where tgname = 'cap'")) {
                rs.next();
                out.append("function ").append(rs.getString(1).startsWith("pgq._cap_") ? "generated" : rs.getString(1))
                        .append('\n');
            }
            for (String e : events(d, "concat_ws('|', ev_type, ev_data, ev_extra1, ev_extra2)")) {
                out.append("event ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    static List<String> events(Statement st, String expr) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select " + expr + " from pgq.event_1 order by ev_id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
