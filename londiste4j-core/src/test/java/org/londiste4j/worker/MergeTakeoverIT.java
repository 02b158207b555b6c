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
import static org.londiste4j.worker.MergeNodes.combinedBranch;
import static org.londiste4j.worker.MergeNodes.combinedLeaf;
import static org.londiste4j.worker.MergeNodes.combinedRoot;
import static org.londiste4j.worker.MergeNodes.partitions;
import static org.londiste4j.worker.MergeNodes.rows;
import static org.londiste4j.worker.MergeNodes.stop;
import static org.londiste4j.worker.MergeNodes.union;
import static org.londiste4j.worker.MergeNodes.workers;
import static org.londiste4j.worker.MergeNodes.writers;

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
        partitions(part1, part2, full1, full2, leaf);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            combinedRoot(full1, part1, part2, "merge_part1_full1");
            combinedBranch(full2, full1, part1, part2);
            combinedLeaf(leaf, full1, "full1");

            for (NodeDb db : List.of(part1, part2, full1, full2)) {
                c.ticker(db);
            }
            AtomicInteger writes = new AtomicInteger();
            List<Cascade.Loop> ws = writers(c, part1, part2, writes);
            workers(c, part1, "part1");
            workers(c, part2, "part2");
            workers(c, full1, "full1", "merge_part1_full1", "merge_part2_full1");
            workers(c, full2, "full2", "merge_part1_full2", "merge_part2_full2");
            workers(c, leaf, "full_leaf");
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
            stop(ws);
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
