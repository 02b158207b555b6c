package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.worker.MergeNodes.FULL;
import static org.londiste4j.worker.MergeNodes.P1;
import static org.londiste4j.worker.MergeNodes.P2;
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
 * Merge leaves (issue 3): two partition databases, each the root of its own queue, merged into one "full" database
 * that holds the combined queue's root, a combined branch on another database with merge leaves of its own, and a
 * leaf of the combined queue below that branch. Writers run on both partitions during the copies and after; the
 * merge leaf of partition 1 on the combined root runs in a JVM of its own and is killed with SIGKILL mid-stream.
 * At the end every copy of the merged table equals, row by row, the union of the two partitions.
 */
class MergeLeafIT {

    /** Partition 1's major (each of the run's); partition 2 and the full databases on the newest, leaf on oldest. */
    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "part1 on {0}")
    @MethodSource("versions")
    void partitionsMergeIntoOneTable(String major) throws Exception {
        String newest = PgServers.newest();
        NodeDb part1 = NodeDb.ours(major, "mpart1");
        NodeDb part2 = NodeDb.ours(newest, "mpart2");
        NodeDb full1 = NodeDb.ours(newest, "mfull1");
        NodeDb full2 = NodeDb.ours(newest, "mfull2");
        NodeDb leaf = NodeDb.ours(PgServers.oldest(), "mleaf");
        partitions(part1, part2, full1, full2, leaf);

        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            // add-table --merge-all on the combined root's merge leaf: both partitions and the combined root at once;
            // the worker of partition 1's merge leaf is the forked one below: ForkedWorkerMain's consumer is "leaf"
            combinedRoot(full1, part1, part2, "leaf");
            assertEquals("2", full1.one("select count(*) from londiste.table_info where table_name = 'public.orders'"
                    + " and local and merge_state is null and queue_name in ('" + P1 + "', '" + P2 + "')"));
            assertEquals("ok", full1.one("select merge_state from londiste.table_info where queue_name = '" + FULL
                    + "' and table_name = 'public.orders'"));
            combinedBranch(full2, full1, part1, part2);
            combinedLeaf(leaf, full2, "full2");

            for (NodeDb db : List.of(part1, part2, full1)) {
                c.ticker(db);
            }
            AtomicInteger writes = new AtomicInteger();
            List<Cascade.Loop> ws = writers(c, part1, part2, writes);
            workers(c, part1, "part1");
            workers(c, part2, "part2");
            workers(c, full1, "full1", "merge_part2_full1");
            workers(c, full2, "full2", "merge_part1_full2", "merge_part2_full2");
            workers(c, leaf, "full_leaf");
            Process merge1 = fork(full1, P1);
            try {
                // SIGKILL the merge leaf of partition 1 three times while the partitions write, each time once it
                // is at work (its JVM logs): during or after its copy, mid-batch or between batches, each restart
                // must go on without losing or doubling an event
                for (int i = 0; i < 3; i++) {
                    Process p = merge1;
                    Cascade.await("the forked merge leaf at work", Duration.ofSeconds(60), () -> !p.isAlive()
                            || logged(p));
                    TimeUnit.MILLISECONDS.sleep(300 + ThreadLocalRandom.current().nextInt(1500));
                    merge1.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    merge1 = fork(full1, P1);
                }
                Cascade.await("both partitions in sync on the combined root", Duration.ofSeconds(180), () ->
                        full1.count("select count(*) from londiste.table_info where table_name = 'public.orders'"
                                + " and merge_state = 'ok'") == 3);
                int before = writes.get();
                Cascade.await("writes after the copies", Duration.ofSeconds(60), () -> writes.get() > before + 50);
                merge1.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                merge1 = fork(full1, P1);
                TimeUnit.MILLISECONDS.sleep(500);
                stop(ws);

                List<String> union = union(part1, part2);
                assertTrue(union.size() > 8000, "writers inserted rows");
                Cascade.await("combined root = union of the partitions", Duration.ofSeconds(240), () ->
                        union.equals(rows(full1)));
                Cascade.await("combined branch = union", Duration.ofSeconds(120), () -> union.equals(rows(full2)));
                Cascade.await("leaf of the combined queue = union", Duration.ofSeconds(120), () ->
                        union.equals(rows(leaf)));
                assertEquals(union, rows(full1));
                assertTrue(full1.count("select count(*) from pg_indexes where indexname = 'orders_val'") == 1,
                        "secondary index back after the merged copy");

                // the combined branch moved its merge leaves' positions with the combined root's pgq.tick-id events
                long p1Done = Long.parseLong(full1.one("select last_tick_id from pgq_node.local_state where queue_name"
                        + " = '" + P1 + "' and consumer_name = 'leaf'"));
                Cascade.await("merge leaf on the combined branch keeps up", Duration.ofSeconds(60), () ->
                        part1.count("select last_tick from pgq.get_consumer_info('" + P1 + "', 'merge_part1_full2')")
                                >= p1Done);
                assertTrue(full1.count("select count(*) from londiste.table_info where merge_state = 'ok'"
                        + " and table_name = 'public.orders'") == 3);
            } finally {
                merge1.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static final java.util.Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The forked worker has logged something (its JVM is up and at work). */
    private static boolean logged(Process p) throws java.io.IOException {
        Path log = LOGS.get(p);
        return log != null && Files.size(log) > 0;
    }

    private static Process fork(NodeDb db, String queue) throws Exception {
        Path out = Files.createTempFile("merge-leaf-worker", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ForkedWorkerMain.class.getName(), db.connstr(),
                db.jdbcUrl(), queue, "-1", "project")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        LOGS.put(p, out);
        return p;
    }
}
