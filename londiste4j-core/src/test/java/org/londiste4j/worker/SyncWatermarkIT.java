package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code create-branch --sync-watermark}: root with two branches b1 (on the oldest major) and b2 (newest), each
 * listing both; a leaf below b1 stops. The root's rotation is no longer held by b1's subtree (each synced branch
 * reports its current batch upstream), while b2's global watermark stays at or below the stopped leaf's position
 * (it is kept at b1's local watermark), so the leaf could move to b2 at its tick.
 */
class SyncWatermarkIT {

    static List<String> versions() {
        return List.of(PgServers.oldest());
    }

    @ParameterizedTest(name = "b1 on {0}")
    @MethodSource("versions")
    void branchesKeepTheirWatermarksTogether(String major) throws Exception {
        String newest = PgServers.newest();
        NodeDb root = NodeDb.ours(newest, "swroot");
        NodeDb b1 = NodeDb.ours(major, "swb1");
        NodeDb b2 = NodeDb.ours(newest, "swb2");
        NodeDb leaf = NodeDb.ours(newest, "swleaf");
        root.exec(ReplayScenarios.ROOT_DDL);
        for (NodeDb n : List.of(b1, b2, leaf)) {
            n.exec(ReplayScenarios.LEAF_DDL);
        }
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.createNode(b1, "b1", "branch", root, "root", List.of());
            c.createNode(b2, "b2", "branch", root, "root", List.of());
            c.createNode(leaf, "leaf", "leaf", b1, "b1", List.of());
            for (NodeDb n : List.of(b1, b2, leaf)) {
                c.addTable(n, "public.data", true);
            }
            for (NodeDb b : List.of(b1, b2)) {
                b.exec("select * from pgq_node.set_node_attrs('" + Cascade.QUEUE + "', 'sync_watermark=b1%2Cb2')");
            }
            c.ticker(root);
            Duration wm = Duration.ofMillis(200);
            c.worker("root", Cascade.settings(root, "root").withWatermarkPeriods(wm, wm));
            c.worker("b1", Cascade.settings(b1, "b1").withWatermarkPeriods(wm, wm));
            c.worker("b2", Cascade.settings(b2, "b2").withWatermarkPeriods(wm, wm));
            Cascade.Running leafWorker = c.worker("leaf", Cascade.settings(leaf, "leaf").withWatermarkPeriods(wm, wm));
            ReplayScenarios.write(root, 100, 1);
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            leafWorker.close();
            long stopped = leaf.count("select last_tick_id from pgq_node.local_state where consumer_name = 'leaf'");

            String gwm = "select last_tick from pgq.get_consumer_info('" + Cascade.QUEUE + "', '.global_watermark')";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int round = 0;
            while (root.count(gwm) <= stopped + 2) {
                assertTrue(System.nanoTime() < deadline, "the root's global watermark stays held by the stopped leaf"
                        + " below b1 (" + root.count(gwm) + " <= " + stopped + ")");
                ReplayScenarios.write(root, 20, 100 + round++);
                Thread.sleep(100);
            }
            // b2 has had rounds to publish since: its watermark stays with b1's, which the stopped leaf holds
            ReplayScenarios.write(root, 20, 999);
            ReplayScenarios.awaitCaughtUp(root, b2, "b2");
            Thread.sleep(1000);
            long b2wm = b2.count(gwm);
            assertTrue(b2wm <= stopped, "b2's global watermark " + b2wm + " ran past the stopped leaf's tick "
                    + stopped + " on b1");
            assertTrue(b1.count(gwm) <= stopped, "b1's global watermark past its stopped leaf");
            assertTrue(b2.count("select count(*) from pgq.tick where tick_id = " + stopped) == 1,
                    "b2 still holds the leaf's tick " + stopped);
        }
    }
}
