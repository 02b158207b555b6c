package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.Takeover;
import org.londiste4j.testkit.PgServers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.worker.MergeNodes.FULL;
import static org.londiste4j.worker.MergeNodes.P1;
import static org.londiste4j.worker.MergeNodes.P2;
import static org.londiste4j.worker.MergeNodes.TABLE;
import static org.londiste4j.worker.MergeNodes.below;
import static org.londiste4j.worker.MergeNodes.call;
import static org.londiste4j.worker.MergeNodes.root;
import static org.londiste4j.worker.MergeNodes.rows;
import static org.londiste4j.worker.MergeNodes.seed;
import static org.londiste4j.worker.MergeNodes.settings;
import static org.londiste4j.worker.MergeNodes.union;
import static org.londiste4j.worker.MergeNodes.writer;

/**
 * {@code takeover full1} run on the combined branch full2 (admin.Takeover) while both partitions write: full2
 * becomes the combined root and its merge leaves start forwarding from where full2's worker had moved them, full1
 * becomes a branch and its merge leaves only wait behind. A leaf of the combined queue below full1 keeps getting
 * every partition's changes across it: at the end full1, full2 and the leaf each equal, row by row, the union of
 * the partitions (nothing lost, nothing doubled: every writer's update adds 1).
 */
class MergeTakeoverIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "part1 and full2 on {0}")
    @MethodSource("versions")
    void combinedBranchTakesOverTheCombinedRoot(String major) throws Exception {
        String newest = PgServers.newest();
        NodeDb part1 = NodeDb.ours(major, "mtpart1");
        NodeDb part2 = NodeDb.ours(newest, "mtpart2");
        NodeDb full1 = NodeDb.ours(newest, "mtfull1");
        NodeDb full2 = NodeDb.ours(major, "mtfull2");
        NodeDb leaf = NodeDb.ours(newest, "mtleaf");
        for (NodeDb db : List.of(part1, part2, full1, full2, leaf)) {
            db.exec(TABLE);
        }
        seed(part1, part2);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            root(part1, P1, "part1");
            root(part2, P2, "part2");
            call(part1, "select * from londiste.local_add_table(?, 'public.orders')", P1);
            call(part2, "select * from londiste.local_add_table(?, 'public.orders')", P2);
            root(full1, FULL, "full1");
            below(full1, P1, "merge_part1_full1", "merge_part1_full1", "leaf", part1, "part1", FULL);
            below(full1, P2, "merge_part2_full1", "merge_part2_full1", "leaf", part2, "part2", FULL);
            below(full2, FULL, "full2", "full2", "branch", full1, "full1", null);
            below(full2, P1, "merge_part1_full2", "merge_part1_full2", "leaf", part1, "part1", FULL);
            below(full2, P2, "merge_part2_full2", "merge_part2_full2", "leaf", part2, "part2", FULL);
            below(leaf, FULL, "full_leaf", "full_leaf", "leaf", full1, "full1", null);
            call(full1, "select * from londiste.local_add_table(?, 'public.orders', array['merge_all'])", P1);
            call(full2, "select * from londiste.global_add_table(?, 'public.orders')", FULL);
            call(full2, "select * from londiste.local_add_table(?, 'public.orders')", FULL);
            call(full2, "select * from londiste.local_add_table(?, 'public.orders', array['merge_all'])", P1);
            call(leaf, "select * from londiste.global_add_table(?, 'public.orders')", FULL);
            call(leaf, "select * from londiste.local_add_table(?, 'public.orders')", FULL);

            for (NodeDb db : List.of(part1, part2, full1, full2)) {
                c.ticker(db);
            }
            AtomicInteger writes = new AtomicInteger();
            Cascade.Loop w1 = writer(part1, 1, writes);
            Cascade.Loop w2 = writer(part2, 0, writes);
            c.closeLater(w1);
            c.closeLater(w2);
            c.worker("part1", settings(part1, "part1", P1));
            c.worker("part2", settings(part2, "part2", P2));
            for (String n : List.of("full1", "merge_part1_full1", "merge_part2_full1")) {
                c.worker(n, settings(full1, n, n.equals("full1") ? FULL : n.contains("part1") ? P1 : P2));
            }
            for (String n : List.of("full2", "merge_part1_full2", "merge_part2_full2")) {
                c.worker(n, settings(full2, n, n.equals("full2") ? FULL : n.contains("part1") ? P1 : P2));
            }
            c.worker("full_leaf", settings(leaf, "full_leaf", FULL));
            Cascade.await("every copy of the merged table in sync", Duration.ofSeconds(180), () ->
                    full1.count("select count(*) from londiste.table_info where table_name = 'public.orders'"
                            + " and merge_state = 'ok'") == 3
                            && full2.count("select count(*) from londiste.table_info where table_name ="
                            + " 'public.orders' and local and merge_state = 'ok'") == 3
                            && "ok".equals(leaf.one("select merge_state from londiste.table_info")));
            int before = writes.get();
            Cascade.await("writes before the takeover", Duration.ofSeconds(60), () -> writes.get() > before + 50);

            Takeover.Result r = new Takeover(admin(full2, "full2"), Takeover.Limits.DEFAULT, null)
                    .run("full1", null, false);
            assertEquals("full2", r.newNode());
            assertEquals("root", full2.one("select node_type from pgq_node.node_info where queue_name = '" + FULL
                    + "'"));
            Cascade.await("full1 a branch of full2", Duration.ofSeconds(60), () -> "branch".equals(full1.one(
                    "select node_type from pgq_node.node_info where queue_name = '" + FULL + "'")));

            int after = writes.get();
            Cascade.await("writes after the takeover", Duration.ofSeconds(60), () -> writes.get() > after + 100);
            w1.close();
            w2.close();
            assertEquals(null, w1.failure());
            assertEquals(null, w2.failure());
            List<String> all = union(part1, part2);
            assertTrue(all.size() > 8000, "writers inserted rows");
            Cascade.await("new combined root = union of the partitions", Duration.ofSeconds(180), () ->
                    all.equals(rows(full2)));
            Cascade.await("old combined root, now a branch = union", Duration.ofSeconds(120), () ->
                    all.equals(rows(full1)));
            Cascade.await("leaf of the combined queue = union", Duration.ofSeconds(120), () ->
                    all.equals(rows(leaf)));
            TimeUnit.MILLISECONDS.sleep(500);
            assertEquals(all, rows(full2));
            assertEquals(all, rows(full1));
            assertEquals(all, rows(leaf));
        }
    }

    private static AdminSettings admin(NodeDb db, String node) {
        return new AdminSettings(node, FULL, node, db.connstr(), "", List.of(), List.of(), List.of(), List.of());
    }
}
