package org.londiste4j.apply;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.pgq.BatchConsumer;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases where set-wise application must step aside or fail as the ordered one does, one by one. */
class ApplyCasesIT {

    static Stream<Arguments> pairs() {
        return ApplyRig.pairs();
    }

    private static final ApplySettings SET_WISE = ApplySettings.defaults().withMinSetWiseEvents(1);

    /** Provider and one subscriber per mode with the same DDL, logutriga on every listed table. */
    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Connection[] setUp(ApplyRig rig, String dstMajor, List<String> tables, String... ddl)
            throws SQLException {
        ApplyRig.exec(rig.admin, ddl);
        for (String t : tables) {
            ApplyRig.exec(rig.admin, "create trigger cap after insert or update or delete on " + t
                    + " for each row execute procedure pgq.logutriga('q')",
                    "create trigger cap_t after truncate on " + t + " for each statement execute procedure"
                            + " pgq.logutriga('q')");
        }
        Connection a = rig.subscriber(dstMajor);
        Connection b = rig.subscriber(dstMajor);
        ApplyRig.exec(a, ddl);
        ApplyRig.exec(b, ddl);
        return new Connection[]{a, b};
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void swappedUniqueValuesFallBackToOrderedAndEndEqual(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            Connection[] d = setUp(rig, dstMajor, List.of("u"),
                    "create table u (id int primary key, email text not null unique, v text)",
                    "insert into u values (1, 'a', null), (2, 'b', null), (3, 'c', null)");
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "begin", "update u set email = 'tmp' where id = 1",
                    "update u set email = 'a' where id = 2", "update u set email = 'b' where id = 1",
                    "insert into u values (4, 'd', 'new')", "commit");
            ApplyRig.Totals s = rig.drain(cs, d[0], SET_WISE);
            ApplyRig.Totals o = rig.drain(co, d[1], ApplySettings.ordered());
            List<String> want = ApplyRig.dump(rig.admin, "u", "id");
            assertEquals(List.of("'1'|'b'|NULL", "'2'|'a'|NULL", "'3'|'c'|NULL", "'4'|'d'|'new'"), want);
            assertEquals(want, ApplyRig.dump(d[0], "u", "id"));
            assertEquals(want, ApplyRig.dump(d[1], "u", "id"));
            assertEquals(1, s.stats.fallbacks(), s.stats.toString());
            assertEquals(4, s.stats.orderedEvents(), s.stats.toString());
            assertEquals(4, o.stats.orderedEvents());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void insertOfAnExistingKeyFailsInBothModesNamingTheEvent(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            Connection[] d = setUp(rig, dstMajor, List.of("t"), "create table t (id int primary key, v text)");
            // the subscriber has drifted: it already has the row the provider is about to insert
            ApplyRig.exec(d[0], "insert into t values (2, 'drift')");
            ApplyRig.exec(d[1], "insert into t values (2, 'drift')");
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "insert into t values (1, 'x')", "insert into t values (2, 'y')",
                    "delete from t where id = 2", "update t set v = 'z' where id = 1");
            for (Object[] m : new Object[][]{{cs, d[0], SET_WISE}, {co, d[1], ApplySettings.ordered()}}) {
                Connection dst = (Connection) m[1];
                ApplyException e = assertThrows(ApplyException.class,
                        () -> rig.drain((BatchConsumer) m[0], dst, (ApplySettings) m[2]));
                assertTrue(e.getMessage().startsWith("table public.t: event ") && e.getMessage().contains("(I)")
                        && e.getMessage().contains("duplicate key"), e.getMessage());
                dst.rollback();
                assertEquals(List.of("'2'|'drift'"), ApplyRig.dump(dst, "t", "id"));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void updatesAndDeletesOfMissingRowsDoNothingAsTheOriginal(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            ApplyRig.exec(rig.admin, "create table t (id int primary key, v text)",
                    "insert into t values (1, 'a'), (2, 'b'), (3, 'c')");
            Connection[] d = setUp(rig, dstMajor, List.of("t"));
            ApplyRig.exec(d[0], "create table t (id int primary key, v text)", "insert into t values (3, 'c')");
            ApplyRig.exec(d[1], "create table t (id int primary key, v text)", "insert into t values (3, 'c')");
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "update t set v = 'A' where id = 1", "delete from t where id = 2",
                    "update t set v = 'C' where id = 3");
            rig.drain(cs, d[0], SET_WISE);
            rig.drain(co, d[1], ApplySettings.ordered());
            assertEquals(List.of("'3'|'C'"), ApplyRig.dump(d[0], "t", "id"));
            assertEquals(List.of("'3'|'C'"), ApplyRig.dump(d[1], "t", "id"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void primaryKeyUpdateIsRefusedOnTheProvider(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            setUp(rig, dstMajor, List.of("t"), "create table t (id int primary key, v text)",
                    "insert into t values (1, 'a')");
            SQLException e = assertThrows(SQLException.class,
                    () -> ApplyRig.exec(rig.admin, "update t set id = 2 where id = 1"));
            assertTrue(e.getMessage().contains("primary key update not allowed"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void truncateInTheMiddleAppliesWhatCameBeforeAndAfter(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            String[] ddl = {"create table p (id int primary key, v text)",
                    "create table ch (id int primary key, p int references p, v text)"};
            Connection[] d = setUp(rig, dstMajor, List.of("p", "ch"), ddl);
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "insert into p values (1, 'a'), (2, 'b')",
                    "insert into ch values (10, 1, 'x'), (11, 2, 'y')", "update p set v = 'a2' where id = 1",
                    "truncate p, ch", "insert into p values (2, 'after')", "insert into ch values (12, 2, 'z')",
                    "update p set v = 'after2' where id = 2");
            for (Object[] m : new Object[][]{{cs, d[0], SET_WISE}, {co, d[1], ApplySettings.ordered()}}) {
                Connection dst = (Connection) m[1];
                ApplyRig.Totals t = rig.drain((BatchConsumer) m[0], dst, (ApplySettings) m[2]);
                assertEquals(2, t.stats.truncates(), t.stats.toString());
                assertEquals(ApplyRig.dump(rig.admin, "p", "id"), ApplyRig.dump(dst, "p", "id"));
                assertEquals(ApplyRig.dump(rig.admin, "ch", "id"), ApplyRig.dump(dst, "ch", "id"));
            }
            assertEquals(List.of("'2'|'after2'"), ApplyRig.dump(d[0], "p", "id"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void eventColumnMissingOnTheSubscriberIsAnErrorNamingIt(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            ApplyRig.exec(rig.admin, "create table t (id int primary key, v text, extra int)");
            Connection[] d = setUp(rig, dstMajor, List.of("t"));
            ApplyRig.exec(d[0], "create table t (id int primary key, v text)");
            BatchConsumer cs = rig.consumer("s");
            ApplyRig.exec(rig.admin, "insert into t values (1, 'a', 5)");
            ApplyException e = assertThrows(ApplyException.class, () -> rig.drain(cs, d[0], SET_WISE));
            assertTrue(e.getMessage().contains("column extra of event") && e.getMessage().contains("add it there"),
                    e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void subscriberDefaultsAndGeneratedColumnsAreKept(String srcMajor, String dstMajor) throws Exception {
        Assumptions.assumeTrue(Double.parseDouble(dstMajor) >= 12, "generated columns need PostgreSQL 12");
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            ApplyRig.exec(rig.admin, "create table t (id int primary key, v text)");
            Connection[] d = setUp(rig, dstMajor, List.of("t"));
            String ddl = "create table t (id int primary key, v text, d text default 'dflt',"
                    + " g text generated always as (upper(v)) stored)";
            ApplyRig.exec(d[0], ddl);
            ApplyRig.exec(d[1], ddl);
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "insert into t values (1, 'a'), (2, 'b')", "update t set v = 'bb' where id = 2");
            rig.drain(cs, d[0], SET_WISE);
            rig.drain(co, d[1], ApplySettings.ordered());
            List<String> want = List.of("'1'|'a'|'dflt'|'A'", "'2'|'bb'|'dflt'|'BB'");
            assertEquals(want, ApplyRig.dump(d[0], "t", "id"));
            assertEquals(want, ApplyRig.dump(d[1], "t", "id"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void insertOnlyWindowsAreCopiedStraightInWhileTriggersAndRulesStillFire(String srcMajor, String dstMajor)
            throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            ApplyRig.exec(rig.admin, "create table h (id int primary key, v text)",
                    "create table r (id int primary key, v text)");
            Connection[] d = setUp(rig, dstMajor, List.of("h", "r"));
            for (Connection c : d) {
                // h: a plain table with an always-firing trigger (COPY fires it as INSERT does); r: a table with an
                // always-firing rule, which COPY would not apply, so r must keep the INSERT from the stage
                ApplyRig.exec(c, "create table h (id int primary key, v text, d text default 'dflt')",
                        "create table r (id int primary key, v text)", "create table seen (what text, id int)",
                        "create function note() returns trigger language plpgsql as $$ begin"
                                + " insert into seen values ('h-trigger', new.id); return new; end $$",
                        "create trigger note after insert on h for each row execute procedure note()",
                        "alter table h enable always trigger note",
                        "create rule keep as on insert to r do also insert into seen values ('r-rule', new.id)",
                        "alter table r enable always rule keep");
            }
            BatchConsumer cs = rig.consumer("s");
            BatchConsumer co = rig.consumer("o");
            ApplyRig.exec(rig.admin, "begin", "insert into h select g, 'h' || g from generate_series(1, 40) g",
                    "insert into r select g, 'r' || g from generate_series(1, 40) g",
                    "update h set v = v || 'u' where id <= 5", "commit");
            ApplyRig.Totals s = rig.drain(cs, d[0], SET_WISE);
            rig.drain(co, d[1], ApplySettings.ordered());
            for (String t : List.of("h", "r")) {
                assertEquals(ApplyRig.dump(d[1], t, "id"), ApplyRig.dump(d[0], t, "id"), t);
            }
            assertEquals("'6'|'h6'|'dflt'", ApplyRig.dump(d[0], "h", "id").get(5));
            String seen = "select what || ':' || count(*) from seen group by what order by what";
            assertEquals(List.of("h-trigger:40", "r-rule:40"), rows(d[0], seen));
            assertEquals(rows(d[1], seen), rows(d[0], seen));
            assertEquals(85, s.stats.setWiseEvents(), s.stats.toString());
            assertEquals(0, s.stats.fallbacks(), s.stats.toString());
            // h: savepoint, COPY, release; r: savepoint + stage, COPY to the stage, analyze, INSERT, release
            assertEquals(3 + 7, s.stats.statements(), s.stats.toString());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void withoutTempPrivilegeSetWiseTurnsOffAndOrderedApplies(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            // rows on both sides before capture starts: the events are UPDATEs, which need the staging table (an
            // insert-only window is COPYed straight into its table and needs no TEMP privilege)
            ApplyRig.exec(rig.admin, "create table t (id int primary key, v text)",
                    "insert into t select g, 'v' || g from generate_series(1, 50) g");
            setUp(rig, dstMajor, List.of("t"));
            TestDb dstDb = TestDb.create(dstMajor, "apply_notemp");
            String role = "l4j_notemp_" + dstDb.name();
            try (Connection su = dstDb.connect()) {
                ApplyRig.exec(su, "create table t (id int primary key, v text)",
                        "do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then"
                                + " create role " + role + " login; end if; end $$",
                        "insert into t select g, 'v' || g from generate_series(1, 50) g",
                        "grant all on t to " + role, "revoke temporary on database " + dstDb.name() + " from public");
            }
            BatchConsumer cs = rig.consumer("s");
            try (Connection dst = java.sql.DriverManager.getConnection(dstDb.jdbcUrl(), role, "")) {
                dst.setAutoCommit(false);
                ApplyRig.exec(rig.admin, "update t set v = v || 'u'");
                // three flushes of 20, 20 and 10 events: one failed try, then set-wise stays off
                ApplyRig.Totals first = rig.drain(cs, dst, SET_WISE.withBuffer(20, 1 << 20));
                assertEquals(1, first.stats.fallbacks(), first.stats.toString());
                assertEquals(50, first.stats.orderedEvents(), first.stats.toString());
                assertEquals(0, first.stats.setWiseEvents(), first.stats.toString());
                assertEquals(ApplyRig.dump(rig.admin, "t", "id"), ApplyRig.dump(dst, "t", "id"));
            }
        }
    }
}
