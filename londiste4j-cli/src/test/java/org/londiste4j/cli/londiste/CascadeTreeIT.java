package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4's three-level tree: a root, a branch and two leaves on three majors, real workers, a writer on the root
 * all the time; a leaf's provider changed from the branch to the root and back, the branch renamed, a leaf dropped,
 * the root renamed, the root taken over by the branch (the writer moved there),
 * with an independent row-by-row equality check and the tree {@code status} shows after each step; and the
 * one-line refusals (loop, leaf as provider, unknown node, drop with subscribers, worker not running, a provider
 * behind the node or without its tick any more).
 */
class CascadeTreeIT {
    @TempDir
    Path dir;

    /** 9.6, 12 and 18 always (whatever the profile says), and with -Pall-pg the other three majors as well. */
    static List<Arguments> trees() {
        var out = new ArrayList<Arguments>();
        out.add(Arguments.of("9.6", "12", "18"));
        var rest = new ArrayList<>(PgServers.versions());
        rest.removeAll(List.of("9.6", "12", "18"));
        if (rest.size() >= 3) {
            out.add(Arguments.of(rest.get(0), rest.get(1), rest.get(2)));
        }
        return out;
    }

    private Londiste3.Node node(String major, String name) throws Exception {
        TestDb db = TestDb.create(major, name);
        var n = Londiste3.node(dir, name, "q", db.connstr(), db.jdbcUrl());
        n.sql(CascadeTree.TABLE);
        return n;
    }

    private static void ok(Londiste3.Run r) {
        assertEquals(0, r.code(), r.toString());
    }

    private static void refused(Londiste3.Run r, String line) {
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertEquals("londiste3: " + line + "\n", r.err());
    }

    @ParameterizedTest(name = "root {0}, branch {1}, leaves {2} and {0}")
    @MethodSource("trees")
    void changeProviderRenameAndDropUnderLoad(String m0, String m1, String m2) throws Exception {
        var root = node(m0, "root");
        var branch = node(m1, "branch");
        var leaf1 = node(m2, "leaf1");
        var leaf2 = node(m0, "leaf2");
        root.sql("insert into public.acct (id, v) select g, 'v' || g from generate_series(1, 1000) g");
        ok(root.run("create-root", "root", root.connstr()));
        ok(branch.run("create-branch", "branch", branch.connstr(), "--provider=" + root.connstr()));
        ok(leaf1.run("create-leaf", "leaf1", leaf1.connstr(), "--provider=" + branch.connstr()));
        ok(leaf2.run("create-leaf", "leaf2", leaf2.connstr(), "--provider=" + branch.connstr()));
        ok(root.run("add-table", "acct"));
        for (var n : List.of(branch, leaf1, leaf2)) {
            ok(n.run("add-table", "acct"));
        }
        try (var tree = new CascadeTree()) {
            tree.ticker(root);
            for (var n : List.of(root, branch, leaf1, leaf2)) {
                tree.startWorker(n);
            }
            var writer = tree.writer(root);
            var all = List.of(branch, leaf1, leaf2);
            CascadeTree.assertEqual(writer, root, all);
            assertTree(leaf1, Map.of("branch", "root", "leaf1", "branch", "leaf2", "branch"));

            refusals(root, branch, leaf1, leaf2, m1);

            // a leaf moves from the branch to the root (positional form, run on the leaf) and back (--provider,
            // --node, run on the root), the writer running
            ok(leaf1.run("change-provider", "root"));
            assertEquals(List.of("leaf1"), root.column("select node_name from pgq_node.get_subscriber_info('q') "
                    + "where node_name = 'leaf1'"));
            assertEquals(List.of("leaf2"), branch.column("select node_name from pgq_node.get_subscriber_info('q')"));
            CascadeTree.assertEqual(writer, root, all);
            assertTree(root, Map.of("branch", "root", "leaf1", "root", "leaf2", "branch"));
            ok(leaf1.run("wait-provider"));
            ok(leaf1.run("wait-root"));
            // the branch held back: the leaf, now ahead of it, cannot go back until it has caught up
            ok(root.run("pause", "--node=branch"));
            CascadeTree.await("leaf1 ahead of the paused branch", Duration.ofSeconds(30), () ->
                    Long.parseLong(leaf1.column("select last_tick_id from pgq_node.get_consumer_info('q')").get(0))
                            > Long.parseLong(branch.column("select max(tick_id) from pgq.tick").get(0)));
            var behind = root.run("change-provider", "--node=leaf1", "--provider=branch");
            assertEquals(ExitCodes.FAILURE, behind.code(), behind.toString());
            assertTrue(behind.err().startsWith("londiste3: change-provider: node branch is behind node leaf1 (its "
                    + "last tick "), behind.err());
            assertTrue(behind.err().endsWith("); let it catch up (is its worker running? see 'status') and retry; "
                    + "nothing changed\n"), behind.err());
            assertEquals(List.of("false|root"), leaf1.column("select paused || '|' || provider_node from "
                    + "pgq_node.get_consumer_info('q')"));
            ok(root.run("resume", "--node=branch"));
            ok(root.run("change-provider", "--node=leaf1", "--provider=branch"));
            assertEquals(List.of(), root.column("select node_name from pgq_node.get_subscriber_info('q') "
                    + "where node_name = 'leaf1'"));
            CascadeTree.assertEqual(writer, root, all);
            assertTree(leaf2, Map.of("branch", "root", "leaf1", "branch", "leaf2", "branch"));
            var again = leaf1.run("change-provider", "--provider=branch");
            ok(again);
            assertTrue(leaf1.log().contains("already reads from branch; nothing to do"), leaf1.log());

            // the branch is renamed: its provider, its subscribers and every member know the new name
            ok(leaf2.run("rename-node", "branch", "mid"));
            CascadeTree.assertEqual(writer, root, all);
            assertTree(root, Map.of("mid", "root", "leaf1", "mid", "leaf2", "mid"));
            for (var n : List.of(root, branch, leaf1, leaf2)) {
                CascadeTree.await(n.name() + " to forget 'branch'", Duration.ofSeconds(30), () -> n.column(
                        "select node_name from pgq_node.get_queue_locations('q') order by 1").equals(
                        List.of("leaf1", "leaf2", "mid", "root")));
            }
            assertEquals(List.of("mid"), branch.column("select node_name from pgq_node.get_node_info('q')"));
            assertEquals(List.of("mid"), root.column("select node_name from pgq_node.get_subscriber_info('q')"));
            var ns = branch.run("node-status");
            ok(ns);
            assertTrue(ns.out().startsWith("mid (branch)\n    Provider: root\n    Subscribers: leaf1, leaf2\n"),
                    ns.out());
            ok(leaf1.run("wait-provider"));
            ok(leaf2.run("wait-root"));
            var info = leaf1.run("node-info");
            ok(info);
            assertTrue(info.out().contains("Provider: mid\n"), info.out());

            // a leaf dies (worker stopped, database gone) and is dropped from the cascade as a dead node
            tree.stopWorker("leaf2");
            ok(leaf1.run("tag-dead", "leaf2"));
            for (var n : List.of(root, branch, leaf1)) {
                assertEquals(List.of("true"), n.column("select dead::text from pgq_node.get_queue_locations('q') "
                        + "where node_name = 'leaf2'"), n.name());
            }
            String leaf2Db = leaf2.column("select current_database()").get(0);
            root.sql("alter database " + leaf2Db + " rename to " + leaf2Db + "_gone");
            ok(root.run("drop-node", "leaf2"));
            root.sql("alter database " + leaf2Db + "_gone rename to " + leaf2Db);
            // its own state stayed; drop-node run with its own config clears it
            assertEquals(List.of("1"), leaf2.column("select count(*) from pgq_node.node_info"));
            ok(leaf2.run("drop-node", "leaf2"));
            CascadeTree.assertEqual(writer, root, List.of(branch, leaf1));
            assertTree(leaf1, Map.of("mid", "root", "leaf1", "mid"));
            assertEquals(List.of("leaf1"), branch.column("select node_name from pgq_node.get_subscriber_info('q')"));
            assertEquals(List.of("0"), leaf2.column("select count(*) from pgq_node.node_info"));
            assertEquals(List.of("0"), leaf2.column("select count(*) from londiste.table_info"));
            for (var n : List.of(root, branch, leaf1)) {
                CascadeTree.await(n.name() + " to forget leaf2", Duration.ofSeconds(30), () -> !n.column(
                        "select node_name from pgq_node.get_queue_locations('q')").contains("leaf2"));
            }
            var members = leaf1.run("members");
            ok(members);
            assertFalse(members.out().contains("leaf2"), members.out());
            assertTrue(writer.writes.get() > 100, "writes: " + writer.writes.get());
            assertNull(writer.failure.get());
            CascadeTree.assertEqual(writer, root, List.of(branch, leaf1));

            // the root renamed: its subscriber's provider and every member follow
            ok(leaf1.run("rename-node", "root", "top"));
            CascadeTree.assertEqual(writer, root, List.of(branch, leaf1));
            assertTree(leaf1, "top", Map.of("mid", "top", "leaf1", "mid"));
            for (var n : List.of(root, branch, leaf1)) {
                CascadeTree.await(n.name() + " to forget 'root'", Duration.ofSeconds(30), () -> n.column(
                        "select node_name from pgq_node.get_queue_locations('q') order by 1").equals(
                        List.of("leaf1", "mid", "top")));
            }
            assertEquals(List.of("top"), branch.column("select provider_node from pgq_node.get_consumer_info('q')"));
            assertEquals(List.of("top"), root.column("select node_name from pgq_node.get_node_info('q')"));
            ok(leaf1.run("wait-root"));

            // the branch takes over the root (switchover): the application moves to it, the old root follows it
            tree.ticker(branch);
            writer.hold();
            var takeover = branch.run("takeover", "top");
            ok(takeover);
            writer.moveTo(branch);
            CascadeTree.assertEqual(writer, branch, List.of(root, leaf1));
            assertTree(leaf1, "mid", Map.of("top", "mid", "leaf1", "mid"));
            assertEquals(List.of("root"), branch.column("select node_type from pgq_node.get_node_info('q')"));
            assertEquals(List.of("branch|mid"), root.column("select node_type || '|' || provider_node from "
                    + "pgq_node.get_node_info('q')"));
            assertNull(writer.failure.get());
            CascadeTree.assertEqual(writer, branch, List.of(root, leaf1));
        }
    }

    /** The one-line refusals: nothing changed by any of them. */
    private void refusals(Londiste3.Node root, Londiste3.Node branch, Londiste3.Node leaf1, Londiste3.Node leaf2,
                          String major) throws Exception {
        refused(leaf1.run("change-provider", "--provider=leaf2"), "change-provider: node leaf2 is a leaf, which "
                + "cannot feed other nodes; give a root or branch");
        refused(leaf1.run("change-provider", "--provider=nosuch"), "change-provider: no such node in queue q: "
                + "nosuch; see 'members'");
        refused(leaf1.run("change-provider", "--node=nosuch", "--provider=root"), "change-provider: no such node "
                + "in queue q: nosuch; see 'members'");
        refused(leaf1.run("change-provider", "--node=branch", "--provider=branch"), "change-provider: node branch "
                + "cannot be its own provider; pick another node");
        refused(root.run("change-provider", "--node=root", "--provider=branch"), "change-provider: node root is "
                + "the root, which has no provider; use takeover to make another node the root");
        refused(root.run("drop-node", "branch"), "drop-node: node branch still has subscribers: leaf1, leaf2; move "
                + "them first (change-provider --node=NAME --provider=OTHER) or drop them");
        refused(root.run("drop-node", "nosuch"), "drop-node: no such node in queue q: nosuch; see 'members'");
        refused(root.run("rename-node", "branch", "leaf1"), "rename-node: node leaf1 is already a member of queue q;"
                + " pick another name");

        // a branch below the branch (no worker runs for it): the branch cannot read from it, nor can it move
        // while its worker does not answer
        var sub = node(major, "sub");
        ok(sub.run("create-branch", "sub", sub.connstr(), "--provider=" + branch.connstr()));
        refused(branch.run("change-provider", "--provider=sub"), "change-provider: node sub is below node branch "
                + "(branch <- sub); that would make a loop, pick a node that is not below branch");
        // a node standing at a tick its new provider no longer has (rotated away there: made so by hand, the
        // global watermark keeps every tick a live node stands at)
        String realTick = sub.column("select last_tick_id from pgq_node.get_consumer_info('q')").get(0);
        sub.sql("update pgq_node.local_state set last_tick_id = 0");
        String oldest = root.column("select min(tick_id) from pgq.tick").get(0);
        refused(sub.run("change-provider", "--provider=root"), "change-provider: node root no longer has tick 0 that "
                + "node sub stands at (rotated away; its oldest is " + oldest + "); pick a provider that has it, or "
                + "rebuild sub");
        sub.sql("update pgq_node.local_state set last_tick_id = " + realTick);
        var noWorker = sub.run("change-provider", "--provider=root");
        refused(noWorker, "change-provider: consumer sub of node sub did not answer the pause within 20 s; is its "
                + "worker running? start it ('londiste3 CONFIG worker -d' on that node) and retry; nothing changed");
        assertEquals(List.of("f|branch"), sub.column("select paused || '|' || provider_node from "
                + "pgq_node.get_consumer_info('q')").stream().map(s -> s.substring(0, 1) + s.substring(s.indexOf('|')))
                .toList());
        assertEquals(List.of(), root.column("select node_name from pgq_node.get_subscriber_info('q') where "
                + "node_name = 'sub'"));
        ok(root.run("drop-node", "sub"));
        assertEquals(List.of("0"), sub.column("select count(*) from pgq_node.node_info"));
        assertEquals(List.of("leaf1", "leaf2"), branch.column("select node_name from pgq_node.get_subscriber_info"
                + "('q') order by 1"));
        for (var n : List.of(root, branch, leaf1, leaf2)) {
            CascadeTree.await(n.name() + " to forget sub", Duration.ofSeconds(30), () -> !n.column(
                    "select node_name from pgq_node.get_queue_locations('q')").contains("sub"));
        }
    }

    /** {@code status --compact} (run on {@code on}) shows this tree and no errors. */
    private static void assertTree(Londiste3.Node on, Map<String, String> parents) throws Exception {
        assertTree(on, "root", parents);
    }

    /** {@code status --compact} (run on {@code on}) shows this tree under {@code rootName} and no errors. */
    private static void assertTree(Londiste3.Node on, String rootName, Map<String, String> parents)
            throws Exception {
        var expected = new HashMap<String, String>(parents);
        expected.put(rootName, null);
        var last = new String[1];
        try {
            CascadeTree.await("status to show " + expected, Duration.ofSeconds(30), () -> {
                var st = on.run("status", "--compact");
                last[0] = st.toString();
                return st.code() == 0 && expected.equals(CascadeTree.tree(st.out())) && !st.out().contains("ERR");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + last[0], e);
        }
        var full = on.run("status");
        ok(full);
        for (var e : parents.entrySet()) {
            assertTrue(full.out().contains("+--: " + e.getKey() + " ("), full.out());
        }
    }
}
