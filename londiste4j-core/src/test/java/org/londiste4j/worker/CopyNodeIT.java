package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initial copy from a copy node that is not the provider ({@code add-table --copy-node},
 * {@code --find-copy-node}): root -> branch -> leaf, the leaf copying from the root while it replays from the
 * branch, with a writer on the root during the copy and after it; every row equal at the end (each event applied
 * once: counters and inserted rows would show a loss or a double). Root and leaf on one major, the branch on the
 * other, and the root's transaction ids far ahead of the branch's, so that a copy snapshot (root txids) wrongly
 * applied to the branch's events (branch txids) would skip them all.
 */
class CopyNodeIT {

    static List<String[]> pairs() {
        return CrossVersionIT.pairs();
    }

    private static final String DDL = "create table t1 (id int primary key, v text, n int);"
            + " create table t2 (id int primary key, v text, n bigint);";

    /**
     * {@code --copy-node=root} while the branch is paused: the copy node is ahead of the provider, so the hand-over
     * waits until the branch has brought the leaf's main thread past the copy's tick.
     */
    @ParameterizedTest(name = "{0} root/leaf, {1} branch")
    @MethodSource("pairs")
    void leafCopiesFromRootPastPausedBranch(String outer, String middle) throws Exception {
        NodeDb root = NodeDb.ours(outer, "cnroot");
        NodeDb branch = NodeDb.ours(middle, "cnbranch");
        NodeDb leaf = NodeDb.ours(outer, "cnleaf");
        run(root, branch, leaf, "root", true);
    }

    /** {@code --find-copy-node}: the branch has not added the tables (nor has them at all): the root is used. */
    @ParameterizedTest(name = "{0} root/leaf, {1} branch")
    @MethodSource("pairs")
    void findCopyNodeSkipsBranchWithoutTable(String outer, String middle) throws Exception {
        NodeDb root = NodeDb.ours(outer, "cfroot");
        NodeDb branch = NodeDb.ours(middle, "cfbranch");
        NodeDb leaf = NodeDb.ours(outer, "cfleaf");
        run(root, branch, leaf, "?", false);
    }

    private static void run(NodeDb root, NodeDb branch, NodeDb leaf, String copyNode, boolean branchHasTables)
            throws Exception {
        root.exec(DDL, "insert into t1 select g, 'a' || g, 0 from generate_series(1, 3000) g",
                "insert into t2 select g, 'c' || g, 0 from generate_series(1, 3000) g");
        if (branchHasTables) {
            branch.exec(DDL);
        }
        leaf.exec(DDL);
        aheadOf(root, branch, 20_000);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.t1");
            c.addRootTable(root, "public.t2");
            c.createNode(branch, "branch", "branch", root, "root", List.of());
            c.createNode(leaf, "leaf", "leaf", branch, "branch", List.of());
            try (Connection l = leaf.connect()) {
                // the leaf learns the root's location as create-leaf does from the branch's member list
                Cascade.call(l, "select * from pgq_node.register_location(?, ?, ?, false)", Cascade.QUEUE, "root",
                        root.connstr());
            }
            c.ticker(root);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            Cascade.Loop writer = new Cascade.Loop("writer", Duration.ZERO, () -> {
                Random r = new Random(5);
                try (Connection w = root.connect(); Statement st = w.createStatement()) {
                    w.setAutoCommit(false);
                    int next = 5000;
                    while (writing.get()) {
                        st.execute("update t1 set n = n + 1 where id = " + (1 + r.nextInt(3000)));
                        st.execute("insert into t1 values (" + next++ + ", 'new', 0)");
                        st.execute("update t2 set n = n + 1, v = v || 'x' where id = " + (1 + r.nextInt(3000)));
                        if (r.nextInt(4) == 0) {
                            st.execute("delete from t2 where id = " + (1 + r.nextInt(3000)));
                        }
                        w.commit();
                        writes.incrementAndGet();
                        Thread.sleep(2);
                    }
                }
                return null;
            });
            c.closeLater(writer);
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("branch", Cascade.settings(branch, "branch"));
            if (branchHasTables) {
                c.addTable(branch, "public.t1", false);
                c.addTable(branch, "public.t2", false);
                Cascade.await("tables ok on the branch", Duration.ofSeconds(120), () ->
                        branch.count("select count(*) from londiste.table_info where merge_state = 'ok'") == 2);
            }
            long created = completed(leaf);
            Cascade.Running w = c.worker("leaf", Cascade.settings(leaf, "leaf").withParallelCopies(2));
            Cascade.await("the leaf replaying from the branch", Duration.ofSeconds(60), () -> completed(leaf) > created);
            if (branchHasTables) {
                pause(branch, "branch", true);
            }
            for (String t : List.of("public.t1", "public.t2")) {
                addTable(leaf, t, "copy_node=" + (copyNode.equals("?") ? "%3F" : copyNode));
            }
            if (branchHasTables) {
                Cascade.await("the copy consumers registered on the root", Duration.ofSeconds(60), () ->
                        root.count("select count(*) from pgq.get_consumer_info() where consumer_name like"
                                + " 'leaf.copy.%'") == 2);
                Cascade.await("the copies waiting for the paused provider", Duration.ofSeconds(60), () ->
                        leaf.count("select count(*) from londiste.table_info where merge_state like 'wanna-sync:%'")
                                == 2);
                pause(branch, "branch", false);
            }
            Cascade.await("both tables ok on the leaf", Duration.ofSeconds(120), () ->
                    leaf.count("select count(*) from londiste.table_info where merge_state = 'ok'") == 2);
            assertEquals(0, leaf.count("select count(*) from londiste.table_info where custom_snapshot is not null"),
                    "no copy snapshot of the root's txids kept for the branch's events");
            long before = writes.get();
            Cascade.await("more writes after the copy", Duration.ofSeconds(30), () -> writes.get() > before + 100);
            writing.set(false);
            writer.close();
            assertNull(writer.failure(), "the writer ran without errors");
            ReplayScenarios.awaitCaughtUp(root, branch, "branch");
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            for (String t : List.of("t1", "t2")) {
                assertEquals(root.rows("select * from " + t + " order by id"),
                        leaf.rows("select * from " + t + " order by id"), t + " equal row by row");
            }
            Cascade.await("copy threads gone", Duration.ofSeconds(20), () -> w.worker().copyThreads() == 0);
            for (NodeDb n : List.of(root, branch)) {
                assertEquals(0, n.count("select count(*) from pgq.get_consumer_info() where consumer_name like"
                        + " 'leaf.copy.%'"), "copy consumers unregistered on " + n);
            }
            assertEquals(0, leaf.count("select count(*) from pgq_node.local_state where consumer_name like"
                    + " '%.copy.%'"), "copy consumers unregistered on the leaf");
        }
    }

    /** Burns transaction ids on {@code a} until its counter is {@code margin} past {@code b}'s. */
    static void aheadOf(NodeDb a, NodeDb b, long margin) throws Exception {
        long target = Long.parseLong(b.one("select txid_current()")) + margin;
        try (Connection c = a.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            long now = 0;
            for (int i = 0; i < 2_000_000 && now < target; i++) {
                try (ResultSet rs = st.executeQuery("select txid_current()")) {
                    rs.next();
                    now = rs.getLong(1);
                }
            }
            assertTrue(now >= target, "txid counter of " + a + " moved past " + target);
        }
    }

    private static long completed(NodeDb node) throws Exception {
        String done = node.one("select last_tick_id from pgq_node.local_state where consumer_name = 'leaf'");
        return done == null ? -1 : Long.parseLong(done);
    }

    static void pause(NodeDb node, String consumer, boolean paused) throws Exception {
        try (Connection c = node.connect()) {
            Cascade.call(c, "select * from pgq_node.set_consumer_paused(?, ?, ?)", Cascade.QUEUE, consumer, paused);
        }
    }

    /** add-table on a branch/leaf with table attributes ({@code copy_node=...}). */
    static void addTable(NodeDb node, String table, String attrs) throws Exception {
        try (Connection c = node.connect();
             PreparedStatement ps = c.prepareStatement("select ret_code, ret_note from"
                     + " londiste.local_add_table(?, ?, ?, ?, null)")) {
            ps.setString(1, Cascade.QUEUE);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("text", new String[0]));
            ps.setString(4, attrs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getInt(1) < 300, "local_add_table " + table + ": " + rs.getString(2));
            }
        }
    }
}
