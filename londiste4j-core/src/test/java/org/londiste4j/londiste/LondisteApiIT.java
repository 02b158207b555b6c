package org.londiste4j.londiste;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.node.NodeException;
import org.londiste4j.schema.InstalledSchema;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LondisteApi} on londiste4j's own stack (pgq, pgq_node, londiste in plain SQL) on each PostgreSQL version:
 * the registry, the capture triggers it makes (generated ones where it can), the events, the copy states, a
 * leaf's deny, the replay role for a user that is no superuser, and a re-install that keeps everything.
 */
class LondisteApiIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    private static TestDb rootDb(String major) throws SQLException {
        Assumptions.assumeTrue(OurStack.available(), OurStack.WHY_NOT);
        TestDb db = TestDb.create(major, "londiste_api");
        try (Connection c = db.connect()) {
            OurStack.install(c);
            exec(c, "select * from pgq_node.register_location('q', 'n1', 'dbname=n1', false)",
                    "select * from pgq_node.create_node('q', 'root', 'n1', 'w1', null, null, null)",
                    "create table t1 (id int primary key, v text)");
        }
        return db;
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void rootAddsTablesWithGeneratedTriggersThatWriteLogutrigaEvents(String major) throws Exception {
        TestDb db = rootDb(major);
        try (Connection c = db.connect()) {
            LondisteApi api = new LondisteApi(c);
            exec(c, "create table t2 (id int primary key, v text)", "create table t3 (id int primary key, v text)");
            assertEquals("Table added: public.t1", api.localAddTable("q", "t1").retNote());
            api.localAddTable("q", "t2", List.of("tgflags=Q"), null, null);
            api.localAddTable("q", "t3", List.of("backup"), null, null);
            assertEquals(List.of("_londiste_q:pgq._cap_", "_londiste_q_truncate:pgq.sqltriga"), triggers(c, "t1"));
            assertEquals(List.of("_londiste_q:pgq.sqltriga", "_londiste_q_truncate:pgq.sqltriga"), triggers(c, "t2"));
            assertEquals(List.of("_londiste_q:pgq._cap_", "_londiste_q_truncate:pgq.sqltriga"), triggers(c, "t3"));

            exec(c, "insert into t1 values (1, 'a b')", "update t1 set v = null", "delete from t1",
                    "insert into t3 values (5, 'x')", "update t3 set v = 'y'", "truncate t1");
            assertEquals(List.of("londiste.add-table|public.t1|null|null", "londiste.add-table|public.t2|null|null",
                    "londiste.add-table|public.t3|null|null",
                    "I:id|id=1&v=a+b|public.t1|null", "U:id|id=1&v|public.t1|null", "D:id|id=1&v|public.t1|null",
                    "I:id|id=5&v=x|public.t3|null", "U:id|id=5&v=y|public.t3|id=5&v=x", "R||public.t1|null"),
                    events(c));
            // the registry's trigger drops the capture triggers with the table's registration
            assertEquals(200, api.localRemoveTable("q", "t3").retCode());
            assertEquals(List.of(), triggers(c, "t3"));
            assertEquals(0, Integer.parseInt(scalar(c, "select count(*) from pg_proc where proname like '\\_cap\\_"
                    + scalar(c, "select 't3'::regclass::oid") + "\\_%'")), "generated function left behind");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void tableStatesGoThroughTheCopyStateMachine(String major) throws Exception {
        TestDb db = rootDb(major);
        try (Connection c = db.connect()) {
            LondisteApi api = new LondisteApi(c);
            exec(c, "select * from pgq_node.register_location('b', 'p', 'dbname=p', false)",
                    "select * from pgq_node.register_location('b', 'n2', 'dbname=n2', false)",
                    "select * from pgq_node.create_node('b', 'branch', 'n2', 'w2', 'p', 1, null)");
            api.globalAddTable("b", "t1");
            assertEquals(TableState.MISSING, api.getTableList("b").get(0).state());
            assertEquals(false, api.getTableList("b").get(0).local());
            api.localAddTable("b", "t1");
            assertEquals(TableState.MISSING, api.getTableList("b").get(0).state());
            assertTrue(api.getTableList("b").get(0).local());
            List<TableState> walk = List.of(TableState.IN_COPY, TableState.CATCHING_UP, TableState.wannaSync(12),
                    TableState.doSync(12), TableState.OK);
            for (TableState s : walk) {
                assertEquals("Table public.t1 state set to '" + s.render() + "'",
                        api.localSetTableState("b", "public.t1", s == TableState.IN_COPY ? "1:5:" : null, s).retNote());
                assertEquals(s, api.getTableList("b").get(0).state());
            }
            api.localSetTableState("b", "t1", null, TableState.MISSING);
            assertEquals(TableState.MISSING, api.getTableList("b").get(0).state());
            NodeException e = assertThrows(NodeException.class,
                    () -> api.localSetTableState("b", "t9", null, TableState.OK));
            assertEquals(404, e.code());
            assertEquals("No such table: public.t9", e.note());
            // a branch's triggers do not deny: it may become the root
            assertEquals(List.of("_londiste_b:pgq._cap_", "_londiste_b_truncate:pgq.sqltriga"),
                    triggers(c, "t1").subList(0, 2));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void leafDeniesWritesOutsideReplayAndReplayRoleWorksWithoutSuperuser(String major) throws Exception {
        Assumptions.assumeTrue(OurStack.available(), OurStack.WHY_NOT);
        TestDb db = TestDb.create(major, "londiste_leaf");
        try (Connection c = db.connect()) {
            OurStack.install(c);
            LondisteApi api = new LondisteApi(c);
            exec(c, "select * from pgq_node.register_location('q', 'p', 'dbname=p', false)",
                    "select * from pgq_node.register_location('q', 'leaf1', 'dbname=l', false)",
                    "select * from pgq_node.create_node('q', 'leaf', 'leaf1', 'w', 'p', 1, null)",
                    "create table t1 (id int primary key, v text)",
                    "drop role if exists l4j_replay_" + db.name(),
                    "create role l4j_replay_" + db.name() + " login in role londiste_writer",
                    "grant all on t1 to l4j_replay_" + db.name());
            api.globalAddTable("q", "t1");
            assertEquals(200, api.localAddTable("q", "t1").retCode());
            assertTrue(scalar(c, "select encode(tgargs, 'escape') from pg_trigger where tgname = '_londiste_q'")
                    .endsWith("deny\\000"));
            assertThrows(SQLException.class, () -> exec(c, "insert into t1 values (1, 'x')"));
        }
        String user = "l4j_replay_" + db.name();
        try (Connection r = DriverManager.getConnection(db.jdbcUrl(), user, "")) {
            r.setAutoCommit(false);
            assertThrows(SQLException.class, () -> exec(r, "set session_replication_role = replica"),
                    "a plain role may not set it: the test would prove nothing");
            r.rollback();
            new LondisteApi(r).setSessionReplicationRole("replica", true);
            exec(r, "insert into t1 values (1, 'x')");
            r.commit();
            assertEquals("origin", scalar(r, "show session_replication_role"));
            NodeException e = assertThrows(NodeException.class,
                    () -> new LondisteApi(r).setSessionReplicationRole("always", false));
            assertTrue(e.getMessage().contains("bad value for session_replication_role"), e.getMessage());
            r.rollback();
        }
        try (Connection c = db.connect()) {
            assertEquals("1", scalar(c, "select count(*) from t1"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void rootPublishesSequencesAndReinstallKeepsRegistrations(String major) throws Exception {
        TestDb db = rootDb(major);
        try (Connection c = db.connect()) {
            LondisteApi api = new LondisteApi(c);
            exec(c, "create sequence s1", "select setval('s1', 100)");
            api.localAddTable("q", "t1");
            assertEquals("Sequence added: public.s1", api.localAddSeq("q", "s1").retNote());
            assertEquals(List.of(new SeqInfo("public.s1", 30100, true)), api.getSeqList("q"));
            exec(c, "select setval('s1', 25000)");
            assertEquals(100, api.rootCheckSeqs("q").retCode());
            assertEquals(55000, api.getSeqList("q").get(0).lastValue());
            assertEquals(List.of("londiste.add-table|public.t1|null|null", "londiste.update-seq|30100|public.s1|null",
                    "londiste.update-seq|55000|public.s1|null"), events(c));

            InstalledSchema again = SchemaInstaller.install(c, "londiste");
            assertEquals(InstalledSchema.Kind.LONDISTE4J, again.kind());
            assertEquals("3.8-londiste4j." + SchemaInstaller.revision("londiste"), api.version());
            assertEquals(List.of("public.t1"), api.getTableList("q").stream().map(TableInfo::tableName).toList());
            assertEquals(1, api.getSeqList("q").size());
            assertEquals(List.of("_londiste_q:pgq._cap_", "_londiste_q_truncate:pgq.sqltriga"), triggers(c, "t1"));
            assertEquals("1", scalar(c, "select count(*) from pg_trigger where tgname = 'table_info_trigger_sync'"));
            NodeException e = assertThrows(NodeException.class, () -> api.globalUpdateSeq("q", "s1", 1));
            assertEquals(402, e.code());
        }
    }

    private static List<String> triggers(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select t.tgname, n.nspname || '.' || p.proname from pg_trigger t"
                     + " join pg_proc p on p.oid = t.tgfoid join pg_namespace n on n.oid = p.pronamespace"
                     + " where t.tgrelid = '" + table + "'::regclass and not t.tgisinternal order by 1")) {
            while (rs.next()) {
                String fn = rs.getString(2);
                out.add(rs.getString(1) + ":" + (fn.startsWith("pgq._cap_") ? "pgq._cap_" : fn));
            }
        }
        return out;
    }

    private static List<String> events(Connection c) throws SQLException {
        String table = scalar(c, "select queue_data_pfx from pgq.queue where queue_name = 'q'");
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select ev_type, ev_data, ev_extra1, ev_extra2 from " + table
                     + " order by ev_id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return out;
    }

    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
