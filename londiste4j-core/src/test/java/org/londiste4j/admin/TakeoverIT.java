package org.londiste4j.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.daemon.Job;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.node.NodeType;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.londiste4j.worker.Appliers;
import org.londiste4j.worker.LondisteWorker;
import org.londiste4j.worker.TableCopier;
import org.londiste4j.worker.WorkerSettings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Takeover} on real servers of two majors (the root on each major of the matrix): every refusal before the freeze changes nothing (unknown node,
 * workers not running, a table the new node lacks, a paused worker), and a branch named by {@code --target} from
 * a third node's config takes over the root while a leaf below the old root keeps following through it; the old
 * root takes the root back with {@code --all} (the new root's other subscriber moves along); a branch takes a
 * branch's place with {@code --all}. Tables equal on every node after each step.
 */
class TakeoverIT {
    private static final String Q = "tq";
    private static final Takeover.Limits SHORT = new Takeover.Limits(Duration.ofSeconds(20), Duration.ofSeconds(10),
            Duration.ofSeconds(3));

    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The root on each major of the matrix, the other nodes on the newest (the oldest for the newest root). */
    static Stream<Arguments> pairs() {
        return PgServers.versions().stream().map(v -> Arguments.of(v, v.equals(PgServers.newest())
                ? PgServers.oldest() : PgServers.newest()));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private record Node(String name, TestDb db) {
        AdminSettings settings() {
            return new AdminSettings(name, Q, name, db.connstr(), "", List.of(), List.of(), List.of(), List.of());
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String s : statements) {
                    st.execute(s);
                }
            }
        }

        String one(String query) throws SQLException {
            try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Node node(String major, String name) throws SQLException {
        Node n = new Node(name, TestDb.create(major, name));
        n.sql("create table public.t1 (id serial primary key, v text)", "create table public.t2 (id int primary key)");
        return n;
    }

    private static void create(Node n, NodeType type, Node provider) {
        new NodeAdmin(n.settings()).create(new NodeAdmin.CreateRequest(type, n.name(), n.db().connstr(),
                provider == null ? null : provider.db().connstr(), true, null, null));
    }

    private static void addTable(Node n, String table) throws SQLException {
        try (Connection c = n.db().connect()) {
            c.setAutoCommit(false);
            new LondisteApi(c).localAddTable(Q, table);
            c.commit();
        }
    }

    private static void addSeq(Node n, String seq) throws SQLException {
        try (Connection c = n.db().connect()) {
            c.setAutoCommit(false);
            new LondisteApi(c).localAddSeq(Q, seq);
            c.commit();
        }
    }

    private void worker(Node n) {
        var s = WorkerSettings.of(n.name(), n.db().connstr(), Q).withIdle(Duration.ofMillis(10),
                Duration.ofMillis(300)).withExceptionSleep(Duration.ofMillis(200));
        LondisteWorker w = new LondisteWorker(s, Appliers.batchApplier(), TableCopier.tableCopy());
        Job job = w.job(new Job.Policy(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(300),
                Duration.ofSeconds(900)));
        Thread t = new Thread(job::run, "worker-" + n.name());
        t.start();
        closing.add(() -> {
            job.stop();
            t.join(30_000);
            w.close();
        });
    }

    /** pgqd's part: ticks every queue of the database every 20 ms. */
    private void ticker(Node n) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Connection c = n.db().connect(); Statement st = c.createStatement()) {
                    while (true) {
                        st.execute("select pgq.ticker()");
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                } catch (SQLException e) {
                    try {
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ticker-" + n.name());
        t.start();
        closing.add(() -> {
            t.interrupt();
            t.join(10_000);
        });
    }

    private static String rootState(Node n) throws SQLException {
        return n.one("select node_type || ' ' || (select queue_disable_insert::text from pgq.queue where queue_name = '"
                + Q + "') from pgq_node.get_node_info('" + Q + "')");
    }

    @ParameterizedTest(name = "root on {0}, others on {1}")
    @MethodSource("pairs")
    void refusalsChangeNothingThenRootAndBranchTakeovers(String oldMajor, String newMajor) throws Exception {
        Node master = node(oldMajor, "master");
        Node b1 = node(newMajor, "b1");
        Node l1 = node(oldMajor, "l1");
        Node b2 = node(newMajor, "b2");
        create(master, NodeType.ROOT, null);
        addTable(master, "public.t1");
        addTable(master, "public.t2");
        addSeq(master, "public.t1_id_seq");
        create(b1, NodeType.BRANCH, master);
        create(l1, NodeType.LEAF, master);
        create(b2, NodeType.BRANCH, master);
        master.sql("insert into t1 (v) select 'v' || g from generate_series(1, 100) g");
        for (Node n : List.of(b1, l1, b2)) {
            addTable(n, "public.t1");
            addSeq(n, "public.t1_id_seq");
        }
        var byLeaf = new Takeover(l1.settings(), SHORT, null);

        var unknown = assertThrows(AdminException.class, () -> byLeaf.run("nosuch", "b1", false));
        assertEquals("takeover: no such node in queue tq: nosuch; see 'members'", unknown.getMessage());
        var self = assertThrows(AdminException.class, () -> byLeaf.run("master", "master", false));
        assertTrue(self.getMessage().contains("cannot take over itself"), self.getMessage());

        var noWorkers = assertThrows(AdminException.class, () -> byLeaf.run("master", "b1", false));
        assertTrue(noWorkers.getMessage().startsWith("takeover master -> b1: the worker of master is not running"),
                noWorkers.getMessage());
        assertTrue(noWorkers.getMessage().endsWith("nothing changed"), noWorkers.getMessage());
        assertEquals("root false", rootState(master));

        ticker(master);
        ticker(b1);
        ticker(b2);
        for (Node n : List.of(master, b1, l1, b2)) {
            worker(n);
        }
        awaitTrue("t1 ok on b1 and l1", () -> ok(b1, "public.t1") && ok(l1, "public.t1"));

        var lacking = assertThrows(AdminException.class, () -> byLeaf.run("master", "b1", false));
        assertEquals("takeover master -> b1: tables replicated by master but not added on b1: public.t2; add-table "
                + "them on b1 (or remove-table on master) and try again; nothing changed", lacking.getMessage());
        assertEquals("root false", rootState(master));
        for (Node n : List.of(b1, l1, b2)) {
            addTable(n, "public.t2");
        }
        awaitTrue("t2 ok on b1, l1 and b2", () -> ok(b1, "public.t2") && ok(l1, "public.t2") && ok(b2, "public.t2"));

        new NodeAdmin(l1.settings()).setPaused("b1", null, true);
        var paused = assertThrows(AdminException.class, () -> byLeaf.run("master", "b1", false));
        assertEquals("takeover master -> b1: the worker of b1 is paused; resume it ('resume --node=b1') and try "
                + "again; nothing changed", paused.getMessage());
        assertEquals("root false", rootState(master));
        new NodeAdmin(l1.settings()).setPaused("b1", null, false);

        master.sql("insert into t1 (v) select 'w' || g from generate_series(1, 50) g");
        var r = byLeaf.run("master", "b1", false);
        assertEquals("b1", r.newNode());
        assertEquals(List.of(), r.warnings());
        assertTrue(r.writePause().compareTo(Duration.ofSeconds(2)) < 0, r.toString());
        assertEquals("root false", rootState(b1));
        assertEquals("branch true", rootState(master));
        assertEquals("b1", master.one("select provider_node from pgq_node.get_node_info('" + Q + "')"));
        // the root published its sequence with a safety gap: b1's copy stood higher, and no row and no local
        // nextval stood in the way, so the new root goes on just past the old root's last value
        long handedOut = Long.parseLong(master.one("select last_value from t1_id_seq"));
        assertEquals(150, handedOut);
        Takeover.SeqMove sm = r.seqs().stream().filter(x -> x.seq().equals("public.t1_id_seq")).findFirst()
                .orElseThrow();
        assertEquals(handedOut, sm.oldRoot(), sm.toString());
        assertTrue(sm.before() > handedOut, "the published gap on b1: " + sm);
        assertEquals(handedOut, sm.after(), sm.toString());
        assertEquals(null, sm.kept(), sm.toString());
        assertEquals(String.valueOf(handedOut), b1.one("select last_value from t1_id_seq"));
        var refused = assertThrows(SQLException.class, () -> master.sql("insert into t1 (v) values ('old root')"));
        assertTrue(refused.getMessage().contains("Insert into queue disallowed"), refused.getMessage());

        // writes on the new root reach the old root and, through it, the leaf that still reads from it
        b1.sql("insert into t1 (v) select 'n' || g from generate_series(1, 30) g", "update t1 set v = v || '!' "
                + "where id % 7 = 0", "delete from t1 where id % 11 = 0", "insert into t2 values (1), (2)");
        assertEquals(String.valueOf(handedOut + 1), b1.one("select min(id) from t1 where v like 'n%'"),
                "the new root's next value is the old root's last + 1");
        String want = b1.one("select string_agg(id || ':' || v, ',' order by id) from t1");
        awaitTrue("master and l1 equal to b1", () -> want.equals(sql(master, "select string_agg(id || ':' || v, ','"
                + " order by id) from t1")) && want.equals(sql(l1, "select string_agg(id || ':' || v, ',' order by id)"
                + " from t1")) && "2".equals(sql(l1, "select count(*) from t2")));
        assertEquals("b2,l1", master.one("select string_agg(node_name, ',' order by node_name) from "
                + "pgq_node.get_subscriber_info('" + Q + "')"));
        assertEquals("master", b1.one("select string_agg(node_name, ',' order by node_name) from "
                + "pgq_node.get_subscriber_info('" + Q + "')"));

        // the way back with --all: b2 moves under b1, then master takes over from its own config and b2, the
        // other subscriber of b1, moves under master with it
        var layout = (Takeover.ProviderChange) (node, provider) -> new CascadeLayout(master.settings())
                .changeProvider(node, null, provider);
        layout.change("b2", "b1");
        assertEqualEverywhere(b1, master, l1, b2);
        // a value used on the node that takes over is never set back: kept, and the result says why
        master.sql("select setval('t1_id_seq', 90000)");
        var back = new Takeover(master.settings(), SHORT, layout).run("b1", null, true);
        Takeover.SeqMove kept = back.seqs().stream().filter(x -> x.seq().equals("public.t1_id_seq")).findFirst()
                .orElseThrow();
        assertEquals(90000, kept.after(), kept.toString());
        assertTrue(kept.oldRoot() < 90000 && kept.kept() != null && kept.kept().startsWith("its value 90000 is not "
                + "the one replication set here ("), kept.toString());
        assertEquals(List.of("b2"), back.moved());
        assertEquals(List.of(), back.warnings());
        assertEquals("root false", rootState(master));
        assertEquals("branch true", rootState(b1));
        assertEquals("master", b2.one("select provider_node from pgq_node.get_node_info('" + Q + "')"));
        master.sql("insert into t1 (v) select 'b' || g from generate_series(1, 20) g");
        assertEqualEverywhere(master, b1, l1, b2);

        // a branch takes over a branch: l1 moves under b1, then b2 takes b1's place with --all
        new CascadeLayout(master.settings()).changeProvider("l1", null, "b1");
        var branch = new Takeover(b2.settings(), SHORT, layout).run("b1", null, true);
        assertEquals(NodeType.BRANCH, branch.oldType());
        assertEquals(List.of("l1"), branch.moved());
        assertEquals("b2", b1.one("select provider_node from pgq_node.get_node_info('" + Q + "')"));
        assertEquals("b2", l1.one("select provider_node from pgq_node.get_node_info('" + Q + "')"));
        assertEquals("master", b2.one("select provider_node from pgq_node.get_node_info('" + Q + "')"));
        master.sql("insert into t1 (v) select 'c' || g from generate_series(1, 20) g", "delete from t1 where id < 5");
        assertEqualEverywhere(master, b1, l1, b2);
    }

    private static void assertEqualEverywhere(Node root, Node... others) throws Exception {
        String q = "select string_agg(id || ':' || v, ',' order by id) from t1";
        String want = root.one(q);
        for (Node n : others) {
            awaitTrue(n.name() + " equal to " + root.name(), () -> want.equals(sql(n, q)));
        }
    }

    private static boolean ok(Node n, String table) {
        return "ok".equals(sql(n, "select merge_state from londiste.table_info where queue_name = '" + Q
                + "' and table_name = '" + table + "'"));
    }

    private static String sql(Node n, String q) {
        try {
            return n.one(q);
        } catch (SQLException e) {
            return null;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
