package org.londiste4j.londiste;

import org.londiste4j.node.NodeException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One walk through the londiste API on a database that has pgq, pgq_node and londiste (ours or the original
 * extensions), written down as a transcript: every answer, the triggers made, the table states, the events
 * published and captured. Two installs behave the same when their transcripts are equal; the transcript names
 * no oid, id or time, so it can be compared across servers.
 */
final class LondisteScenario {
    private final Connection c;
    private final LondisteApi api;
    private final List<String> out = new ArrayList<>();

    LondisteScenario(Connection c) {
        this.c = c;
        this.api = new LondisteApi(c);
    }

    /** The root part: queue q on node n1, tables and sequences added, removed, changed; events and triggers. */
    List<String> root() throws SQLException {
        sql("select * from pgq_node.register_location('q', 'n1', 'dbname=n1', false)");
        sql("select * from pgq_node.create_node('q', 'root', 'n1', 'w1', null, null, null)");
        exec("create table t1 (id serial primary key, v text)",
                "create table t2 (id int primary key, v text, d date)",
                "create table nopk (v text)",
                "create sequence s1",
                "create table \"Odd Name\" (id int primary key, \"Col X\" text)",
                "create table ref (id int primary key, t2 int references t2)",
                "create table prior (id int primary key)",
                "create function prior_trg() returns trigger language plpgsql as 'begin return null; end'",
                "create trigger \"A_first\" after insert on prior for each row execute procedure prior_trg()");
        out.add("missing: " + api.localShowMissing("q"));
        call("add t1", () -> api.localAddTable("q", "t1"));
        call("add t1 again", () -> api.localAddTable("q", "t1"));
        call("add t1 other attrs", () -> api.localAddTable("q", "t1", List.of("skip_truncate"), null, null));
        call("add nopk", () -> api.localAddTable("q", "nopk"));
        call("add nosuch", () -> api.localAddTable("q", "nosuch"));
        call("add t2 skip", () -> api.localAddTable("q", "public.t2", List.of("tgflags=BIUD", "SKIP", "pkey=id"),
                "handler=x", null));
        call("add odd", () -> api.localAddTable("q", "public.Odd Name"));
        call("add ref", () -> api.localAddTable("q", "ref", List.of("backup", "ignore=t2"), null, null));
        call("add prior", () -> api.localAddTable("q", "prior"));
        call("add on no queue", () -> api.localAddTable("nq", "t2"));
        call("merge flags", () -> api.localAddTable("q", "t2", List.of("merge_all", "no_merge"), null, null));
        out.add("tables: " + api.getTableList("q"));
        triggers("t1", "t2", "\"Odd Name\"", "ref", "prior");
        out.add("column types t2: " + api.findColumnTypes("t2") + ", nopk: " + api.findColumnTypes("nopk")
                + ", none: " + api.findColumnTypes("nosuch"));

        call("add seq", () -> api.localAddSeq("q", "s1"));
        call("add seq again", () -> api.localAddSeq("q", "public.s1"));
        call("add seq nosuch", () -> api.localAddSeq("q", "nosuch"));
        out.add("seqs: " + api.getSeqList("q"));
        exec("select setval('s1', 25000)");
        call("check seqs", () -> api.rootCheckSeqs("q"));
        call("check seqs small buffer", () -> api.rootCheckSeqs("q", 5));
        call("check seqs buffer", () -> api.rootCheckSeqs("q", 100000));
        out.add("seqs: " + api.getSeqList("q"));
        call("global update seq on root", () -> api.globalUpdateSeq("q", "s1", 5));

        exec("insert into t1 (v) values ('a'), (null)",
                "update t1 set v = 'b&c=d' where id = 1",
                "delete from t1 where id = 2",
                "insert into t2 values (1, 'x', '2020-01-02')",
                "update t2 set v = 'y'",
                "insert into \"Odd Name\" values (7, 'ö x')",
                "insert into ref values (1, null)",
                "update ref set t2 = null",
                "truncate t1");
        out.add("missing: " + api.localShowMissing("q"));

        call("state in-copy", () -> api.localSetTableState("q", "t1", "10:20:", TableState.IN_COPY));
        call("state nosuch", () -> api.localSetTableState("q", "nosuch", null, TableState.OK));
        call("attrs", () -> api.localSetTableAttrs("q", "public.t1", "a=1"));
        call("attrs unqualified", () -> api.localSetTableAttrs("q", "t1", "a=1"));
        call("struct", () -> api.localSetTableStruct("q", "public.t1", "create index t1_v on public.t1 (v)"));
        call("struct nosuch", () -> api.localSetTableStruct("q", "public.nosuch", null));
        out.add("tables: " + api.getTableList("q"));
        call("struct cleared", () -> api.localSetTableStruct("q", "public.t1", null));
        call("state wanna-sync", () -> api.localSetTableState("q", "public.t1", null, TableState.wannaSync(5)));
        out.add("tables: " + api.getTableList("q"));
        call("state ok", () -> api.localSetTableState("q", "t1", null, TableState.OK));

        out.add("fkeys t2: " + api.findTableFkeys("public.t2"));
        out.add("drop fkey: " + api.dropTableFkey("public.ref", "ref_t2_fkey"));
        out.add("drop fkey again: " + api.dropTableFkey("public.ref", "ref_t2_fkey"));
        out.add("pending t2: " + api.getTablePendingFkeys("public.t2"));
        out.add("valid pending: " + api.getValidPendingFkeys("q"));
        out.add("restore lazy 1: " + api.restoreTableFkey("public.ref", "ref_t2_fkey", true));
        exec("alter table only public.ref add constraint ref_t2_fkey foreign key (t2) references t2(id) not valid");
        out.add("restore lazy 2: " + api.restoreTableFkey("public.ref", "ref_t2_fkey", true));
        exec("alter table only public.ref validate constraint ref_t2_fkey");
        out.add("restore lazy 3: " + api.restoreTableFkey("public.ref", "ref_t2_fkey", true));
        out.add("pending t2: " + api.getTablePendingFkeys("public.t2"));
        out.add("drop fkey: " + api.dropTableFkey("public.ref", "ref_t2_fkey"));
        out.add("restore: " + api.restoreTableFkey("public.ref", "ref_t2_fkey", false));
        out.add("fkeys ref: " + api.findTableFkeys("public.ref"));

        call("execute start", () -> api.executeStart("q", "f1.sql", "create table x1 (id int)", true, "a=b"));
        exec("create table x1 (id int)");
        call("execute finish", () -> api.executeFinish("q", "f1.sql"));
        call("execute start again", () -> api.executeStart("q", "f1.sql", "create table x1 (id int)", true, null));
        call("execute finish unknown", () -> api.executeFinish("q", "f2.sql"));

        call("change handler", () -> api.localChangeHandler("q", "public.t2", List.of("pkey=id"), "handler=y"));
        call("change handler nosuch", () -> api.localChangeHandler("q", "public.nosuch", null, "handler=y"));
        triggers("t2");

        call("remove t1", () -> api.localRemoveTable("q", "t1"));
        call("remove t1 again", () -> api.localRemoveTable("q", "t1"));
        call("remove seq", () -> api.localRemoveSeq("q", "s1"));
        call("remove seq again", () -> api.localRemoveSeq("q", "s1"));
        call("global add", () -> api.globalAddTable("q", "t9"));
        call("global add again", () -> api.globalAddTable("q", "public.t9"));
        call("global add no queue", () -> api.globalAddTable("nq", "t9"));
        call("global remove", () -> api.globalRemoveTable("q", "t9"));
        call("global remove again", () -> api.globalRemoveTable("q", "t9"));
        call("global remove seq", () -> api.globalRemoveSeq("q", "nosuch"));
        triggers("t1");
        out.add("tables: " + api.getTableList("q"));
        out.add("notify: " + api.rootNotifyChange("q", "londiste.test", "data"));
        events("q");
        out.add("maintenance: " + api.periodicMaintenance());
        return out;
    }

    /** The leaf part (after root): queue lq on node n2, tables from the set, deny, sequences from the root. */
    List<String> leaf() throws SQLException {
        sql("select * from pgq_node.register_location('lq', 'p1', 'dbname=p1', false)");
        sql("select * from pgq_node.register_location('lq', 'n2', 'dbname=n2', false)");
        sql("select * from pgq_node.create_node('lq', 'leaf', 'n2', 'w2', 'p1', 1, null)");
        exec("create table l1 (id int primary key, v text)", "create table l2 (id int primary key)",
                "create sequence ls1");
        call("add not in set", () -> api.localAddTable("lq", "l1"));
        call("global add l1", () -> api.globalAddTable("lq", "l1"));
        call("global add l2", () -> api.globalAddTable("lq", "public.l2"));
        call("global add l3", () -> api.globalAddTable("lq", "public.l3"));
        call("add l1", () -> api.localAddTable("lq", "l1"));
        call("add l2 expect sync", () -> api.localAddTable("lq", "l2", List.of("expect_sync"), null, null));
        call("add l3 virtual", () -> api.localAddTable("lq", "l3", List.of("virtual_table"), null, null));
        out.add("tables: " + api.getTableList("lq"));
        out.add("missing: " + api.localShowMissing("lq"));
        triggers("l1", "l2");
        try {
            exec("insert into l1 values (1, 'a')");
            out.add("leaf insert: allowed");
        } catch (SQLException e) {
            // the message, not the SQLSTATE: the C triggers raise XX000, londiste4j's PL/pgSQL ones P0001
            out.add("leaf insert: refused: " + ((org.postgresql.util.PSQLException) e).getServerErrorMessage()
                    .getMessage());
            exec("rollback");
        }
        exec("begin");
        api.setSessionReplicationRole("replica", true);
        out.add("role: " + scalar("show session_replication_role"));
        exec("insert into l1 values (1, 'a')", "commit");
        out.add("role after commit: " + scalar("show session_replication_role"));
        out.add("l1 rows: " + scalar("select count(*) from l1"));
        try {
            api.setSessionReplicationRole("bogus", false);
            out.add("bad role: accepted");
        } catch (NodeException e) {
            out.add("bad role: refused " + e.sqlState());
            exec("rollback");
        }

        call("update seq new", () -> api.globalUpdateSeq("lq", "ls1", 100));
        call("add seq", () -> api.localAddSeq("lq", "ls1"));
        out.add("ls1: " + scalar("select last_value from ls1"));
        call("update seq", () -> api.globalUpdateSeq("lq", "ls1", 500));
        call("update seq back", () -> api.globalUpdateSeq("lq", "ls1", 50));
        out.add("ls1: " + scalar("select last_value from ls1"));
        call("add seq unknown", () -> api.localAddSeq("lq", "s1"));
        call("update seq no queue", () -> api.globalUpdateSeq("nq", "ls1", 5));
        out.add("seqs: " + api.getSeqList("lq"));
        call("check seqs on leaf", () -> api.rootCheckSeqs("lq"));
        call("remove seq", () -> api.localRemoveSeq("lq", "ls1"));
        call("remove seq again", () -> api.localRemoveSeq("lq", "ls1"));
        call("execute not root", () -> api.executeStart("lq", "f9.sql", "select 1", true, null));
        call("execute on leaf", () -> api.executeStart("lq", "f9.sql", "select 1", false, null));
        call("execute finish on leaf", () -> api.executeFinish("lq", "f9.sql"));
        call("state do-sync", () -> api.localSetTableState("lq", "l1", "1:2:", TableState.doSync(7)));
        out.add("tables: " + api.getTableList("lq"));
        call("remove l1", () -> api.localRemoveTable("lq", "l1"));
        call("remove l1 again", () -> api.localRemoveTable("lq", "l1"));
        call("global remove l2", () -> api.globalRemoveTable("lq", "l2"));
        triggers("l1", "l2");
        out.add("tables: " + api.getTableList("lq"));
        return out;
    }

    private void call(String label, Supplier<Object> f) {
        try {
            out.add(label + ": " + f.get());
        } catch (NodeException e) {
            out.add(label + ": ERR " + e.code() + " " + (e.code() == 0 ? e.sqlState() : e.note()));
            if (e.code() == 0) {
                try {
                    exec("rollback");
                } catch (SQLException ignored) {
                    // autocommit: nothing to roll back
                }
            }
        }
    }

    private void triggers(String... tables) throws SQLException {
        for (String t : tables) {
            out.add("triggers " + t + ": " + rows("select tgname, tgtype, encode(tgargs, 'escape') from pg_trigger"
                    + " where tgrelid = '" + t + "'::regclass and not tgisinternal order by tgname"));
        }
    }

    private void events(String queue) throws SQLException {
        String table = scalar("select queue_data_pfx from pgq.queue where queue_name = '" + queue + "'");
        for (String row : rows("select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from " + table
                + " order by ev_id")) {
            out.add("event: " + row);
        }
    }

    private void sql(String q) throws SQLException {
        out.add(q + " -> " + rows(q));
    }

    private void exec(String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private String scalar(String q) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> rows(String q) throws SQLException {
        List<String> r = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i > 1 ? ", " : "").append(rs.getString(i));
                }
                r.add(sb.append(')').toString());
            }
        }
        return r;
    }
}
