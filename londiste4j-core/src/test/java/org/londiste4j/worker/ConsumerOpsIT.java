package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The worker's one-shot consumer operations --reset and --rewind (original extensions). */
@DisplayName("worker --reset and --rewind (original extensions)")
class ConsumerOpsIT {

    @Test
    void consumerOpsOnOriginal() throws Exception {
        NodeDb root = NodeDb.original("oroot");
        NodeDb leaf = NodeDb.original("oleaf");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            for (int i = 0; i < 3; i++) {
                root.exec("select pgq.insert_event('" + Cascade.QUEUE + "', 'I:id', 'id=1', 'public.nothere', null,"
                        + " null, null)", "select pgq.ticker()");
                root.exec("select pg_sleep(0.02)", "select pgq.force_tick('" + Cascade.QUEUE + "')",
                        "select pgq.ticker()");
            }
            String providerPos = "select last_tick from pgq.get_consumer_info('" + Cascade.QUEUE + "', 'leaf')";
            String localPos = "select last_tick_id from pgq_node.local_state where consumer_name = 'leaf'";
            try (LondisteWorker w = new LondisteWorker(Cascade.settings(leaf, "leaf"), OrderedTestApplier::new,
                    new SqlTestCopier())) {
                // --unregister/--register of a cascade node's worker consumer fail on the provider as in the
                // original (subscriber_info references it); drop-node is the way there
                assertEquals(root.one(providerPos), leaf.one(localPos));
                String first = root.one("select min(tick_id) from pgq.tick");
                root.exec("select pgq.register_consumer_at('" + Cascade.QUEUE + "', 'leaf', (select max(tick_id)"
                        + " from pgq.tick))");
                w.resetPosition();
                assertEquals(root.one(providerPos), leaf.one(localPos), "reset takes the provider's position");
                leaf.exec("select * from pgq_node.set_consumer_completed('" + Cascade.QUEUE + "', 'leaf', " + first
                        + ")");
                w.rewind();
                assertEquals(first, root.one(providerPos), "rewind moves the provider back to the node's tick");

                // a copy consumer left behind by a crash after its hand-over is dropped on both sides
                root.exec("select pgq.register_consumer('" + Cascade.QUEUE + "', 'leaf.copy.public.gone')");
                leaf.exec("select * from pgq_node.register_consumer('" + Cascade.QUEUE + "', 'leaf.copy.public.gone',"
                        + " 'root', " + first + ")");
                w.resetPosition();
                w.work();
                assertEquals(0, root.count("select count(*) from pgq.get_consumer_info('" + Cascade.QUEUE
                        + "') where consumer_name like '%.copy.%'"));
                assertEquals(0, leaf.count("select count(*) from pgq_node.local_state"
                        + " where consumer_name like '%.copy.%'"));
            }
        }
    }
}
