package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * root -> branch -> leaf, with a sequence: the branch's queue holds the root's events with the same ids between
 * the same ticks, the leaf reading from the branch ends equal to the root, and the sequence on the leaf is at or
 * past the root's (never behind, never moved back); a dropped location the nodes below never knew is skipped.
 */
final class BranchScenarios {
    private BranchScenarios() {
    }

    static void cascade(NodeDb root, NodeDb branch, NodeDb leaf) throws Exception {
        cascade(root, branch, leaf, Cascade.Parts.plain());
    }

    static void cascade(NodeDb root, NodeDb branch, NodeDb leaf, Cascade.Parts parts) throws Exception {
        root.exec(ReplayScenarios.ROOT_DDL, "create sequence s1");
        branch.exec(ReplayScenarios.LEAF_DDL, "create sequence s1");
        leaf.exec(ReplayScenarios.LEAF_DDL, "create sequence s1");
        try (Cascade c = new Cascade().with(parts)) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.addRootTable(root, "public.log");
            try (Connection r = root.connect()) {
                Cascade.call(r, "select * from londiste.local_add_seq(?, 'public.s1')", Cascade.QUEUE);
            }
            c.createNode(branch, "branch", "branch", root, "root", List.of());
            c.createNode(leaf, "leaf", "leaf", branch, "branch", List.of());
            for (NodeDb n : List.of(branch, leaf)) {
                c.addTable(n, "public.data", true);
                c.addTable(n, "public.log", true);
            }
            c.ticker(root);
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("branch", Cascade.settings(branch, "branch").withLazyFetch(40));
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            long seqBefore = Long.parseLong(root.one("select nextval('s1')"));
            Cascade.await("the sequence registered on the branch", java.time.Duration.ofSeconds(30), () ->
                    branch.count("select count(*) from londiste.seq_info where seq_name = 'public.s1'") == 1);
            for (NodeDb n : List.of(branch, leaf)) {
                Cascade.await("the sequence known on " + n, java.time.Duration.ofSeconds(30), () ->
                        n.count("select count(*) from londiste.seq_info where seq_name = 'public.s1'") == 1);
                try (Connection x = n.connect()) {
                    Cascade.call(x, "select * from londiste.local_add_seq(?, 'public.s1')", Cascade.QUEUE);
                }
            }
            // a member dropped on the root that the nodes below never knew: replay skips it and goes on
            root.exec("select pgq.insert_event('" + Cascade.QUEUE + "', 'pgq.unregister-location', 'ghost', '"
                    + Cascade.QUEUE + "', null, null, null)");
            ReplayScenarios.write(root, 300, 3);
            root.exec("select nextval('s1') from generate_series(1, 25000)");
            long seqRoot = Long.parseLong(root.one("select last_value from s1"));
            ReplayScenarios.awaitCaughtUp(root, branch, "branch");
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            for (NodeDb n : List.of(branch, leaf)) {
                assertEquals(root.rows("select id, v from data order by id"), n.rows("select id, v from data order by id"),
                        "data on " + n);
                assertEquals(root.rows("select id, val from log order by id"),
                        n.rows("select id, val from log order by id"), "log on " + n + ": each insert once");
            }
            // the branch's queue: the root's ticks (ids, event sequence, time) and the root's events, ids kept;
            // its first tick is its own, made by create_node at the tick the branch started from
            long first = 1 + Long.parseLong(branch.one("select min(tick_id) from pgq.tick"));
            long last = Long.parseLong(branch.one("select max(tick_id) from pgq.tick"));
            String ticks = "select tick_id, tick_event_seq, tick_time from pgq.tick where tick_id between " + first
                    + " and " + last + " order by tick_id";
            assertEquals(root.rows(ticks), branch.rows(ticks), "branch ticks are the root's");
            String evs = "select ev_id, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from %s"
                    + " where ev_id between %s and %s order by ev_id";
            String bpfx = branch.one("select queue_data_pfx from pgq.queue where queue_name = '" + Cascade.QUEUE + "'");
            String rpfx = root.one("select queue_data_pfx from pgq.queue where queue_name = '" + Cascade.QUEUE + "'");
            String lo = branch.one("select min(ev_id) from " + bpfx);
            String hi = branch.one("select max(ev_id) from " + bpfx);
            List<String> onBranch = branch.rows(String.format(evs, bpfx, lo, hi));
            assertFalse(onBranch.isEmpty());
            assertEquals(root.rows(String.format(evs, rpfx, lo, hi)), onBranch, "branch events are the root's");
            long seqLeaf = Long.parseLong(leaf.one("select last_value from s1"));
            assertTrue(seqLeaf >= seqRoot && seqRoot > seqBefore, "leaf sequence " + seqLeaf + " not behind the root's "
                    + seqRoot);
            try (Connection x = root.connect(); Statement st = x.createStatement()) {
                st.execute("select 1");
            }
        }
    }
}
