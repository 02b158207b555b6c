package org.londiste4j.node;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NodeApi} against londiste4j's pgq_node on real servers: a root, a branch and a leaf of three queues in one
 * database, wired as a cascade would be (the branch's worker subscribed on the root, the leaf's on the branch).
 */
class NodeApiIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    static Connection installed(String major) throws Exception {
        TestDb db = TestDb.create(major, "nodeapi");
        Connection c = db.connect();
        SchemaInstaller.install(c, "pgq");
        SchemaInstaller.install(c, "pgq_node");
        return c;
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldBuildACascadeAndReportIt(String major) throws Exception {
        try (Connection c = installed(major)) {
            NodeApi api = new NodeApi(c);
            assertTrue(api.version().startsWith("3.5-londiste4j."), api.version());

            api.registerLocation("aq", "n1", "dbname=n1", false);
            api.registerLocation("aq", "n2", "dbname=n2", false);
            RetNote created = api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null);
            assertEquals(new RetNote(200, "Node \"n1\" initialized for queue \"aq\" with type \"root\""), created);
            assertTrue(api.isRootNode("aq"));
            assertFalse(api.isLeafNode("aq"));

            NodeException again = assertThrows(NodeException.class,
                    () -> api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null));
            assertEquals(401, again.code());
            assertEquals("Node already initialized", again.note());
            assertEquals("pgq_node.create_node", again.function());

            NodeInfo root = api.getNodeInfo("aq");
            assertEquals(NodeType.ROOT, root.nodeType());
            assertEquals("n1", root.nodeName());
            assertEquals("n1", root.providerNode());
            assertEquals("dbname=n1", root.providerLocation());
            assertEquals("w1", root.workerName());
            assertEquals(1L, root.globalWatermark());
            assertEquals(1L, root.localWatermark());
            assertEquals(List.of(), root.targetFor());

            SubscriberRegistration sub = api.registerSubscriber("aq", "n2", "w2", null);
            assertEquals(200, sub.retCode());
            assertEquals(1L, sub.globalWatermark());
            assertEquals(List.of(new SubscriberInfo("n2", "w2", 1L)), api.getSubscriberInfo("aq"));

            // the branch: its queue takes the provider's ticks, starting at the global watermark
            api.registerLocation("bq", "n1", "dbname=n1", false);
            api.registerLocation("bq", "n2", "dbname=n2", false);
            api.registerLocation("bq", "n3", "dbname=n3", false);
            api.createNode("bq", NodeType.BRANCH, "n2", "w2", "n1", 5L, null);
            WorkerState branch = api.getWorkerState("bq");
            assertEquals(NodeType.BRANCH, branch.nodeType());
            assertEquals(5L, branch.completedTick());
            assertEquals(5L, branch.globalWatermark());
            assertEquals(5L, branch.localQueueTop());
            assertEquals("dbname=n1", branch.providerLocation());
            assertFalse(branch.paused());
            assertEquals("true|true", scalar(c, "select queue_external_ticker || '|' || queue_disable_insert"
                    + " from pgq.queue where queue_name = 'bq'"));

            // the leaf, with a merge into the branch's queue
            api.registerSubscriber("bq", "n3", "w3", null);
            api.registerLocation("cq", "n2", "dbname=n2", false);
            api.registerLocation("cq", "n3", "dbname=n3", false);
            api.createNode("cq", NodeType.LEAF, "n3", "w3", "n2", 5L, "bq");
            WorkerState leaf = api.getWorkerState("cq");
            assertEquals(NodeType.LEAF, leaf.nodeType());
            assertNull(leaf.globalWatermark());
            assertEquals(5L, leaf.localWatermark());
            assertEquals("bq", leaf.combinedQueue());
            assertEquals(NodeType.BRANCH, leaf.combinedType());
            assertEquals(List.of("cq"), api.getNodeInfo("bq").targetFor());
            assertEquals(200, api.setPartitionWatermark("bq", "cq", 6).retCode());
            assertEquals(6L, api.getWorkerState("cq").completedTick());
            NodeException leafSub = assertThrows(NodeException.class,
                    () -> api.registerSubscriber("cq", "n4", "w4", null));
            assertEquals(401, leafSub.code());

            assertEquals(List.of(new NodeLocation("n1", "dbname=n1", false), new NodeLocation("n2", "dbname=n2",
                    false), new NodeLocation("n3", "dbname=n3", false)), api.getQueueLocations("bq"));

            NodeException unknown = assertThrows(NodeException.class, () -> api.getNodeInfo("nosuch"));
            assertEquals(404, unknown.code());
            assertEquals("Unknown queue: nosuch", unknown.note());
            NodeException notNode = assertThrows(NodeException.class, () -> api.isRootNode("nosuch"));
            assertEquals(0, notNode.code());
            assertTrue(notNode.getMessage().contains("queue does not exist: nosuch"), notNode.getMessage());
            assertFalse(notNode.isTransient());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldKeepACascadedConsumersState(String major) throws Exception {
        try (Connection c = installed(major)) {
            NodeApi api = new NodeApi(c);
            leaf(api);
            assertEquals(200, api.registerConsumer("cq", "c1", "n2", 5).retCode());
            assertEquals(201, api.registerConsumer("cq", "c1", "n2", 6).retCode());

            ConsumerState s = api.getConsumerState("cq", "c1");
            assertEquals(new ConsumerState(100, "Ok", NodeType.LEAF, "n3", 6L, "n2", "dbname=n2", false, false,
                    null), s);
            assertEquals(404, assertThrows(NodeException.class, () -> api.getConsumerState("cq", "nobody")).code());

            assertEquals(200, api.setConsumerUptodate("cq", "c1", true).retCode());
            assertEquals(new RetNote(200, "Consumer c1 tagged as paused"), api.setConsumerPaused("cq", "c1", true));
            assertEquals(201, api.setConsumerPaused("cq", "c1", true).retCode());
            s = api.getConsumerState("cq", "c1");
            assertTrue(s.paused());
            assertFalse(s.uptodate(), "a pause clears uptodate until the consumer has seen it");
            api.setConsumerPaused("cq", "c1", false);

            assertEquals(100, api.setConsumerError("cq", "c1", "boom").retCode());
            assertEquals(101, api.setConsumerError("cq", "nobody", "boom").retCode());
            assertEquals("boom", api.getConsumerState("cq", "c1").curError());
            assertEquals(new RetNote(100, "Consumer c1 completed tick = 7"),
                    api.setConsumerCompleted("cq", "c1", 7));
            assertNull(api.getConsumerState("cq", "c1").curError(), "a completed batch clears the error");
            assertEquals(404, assertThrows(NodeException.class,
                    () -> api.setConsumerCompleted("cq", "nobody", 7)).code());

            assertEquals(List.of(new NodeConsumerInfo("c1", "n2", 7, false, false, null),
                    new NodeConsumerInfo("w3", "n2", 5, false, false, null)), api.getConsumerInfo("cq"));
            assertEquals(404, assertThrows(NodeException.class,
                    () -> api.changeConsumerProvider("cq", "c1", "n9")).code());
            assertEquals(200, api.changeConsumerProvider("cq", "c1", "n3").retCode());
            assertEquals("n3", api.getConsumerState("cq", "c1").providerNode());
            assertEquals(200, api.unregisterConsumer("cq", "c1").retCode());
            assertEquals(1, api.getConsumerInfo("cq").size());

            assertEquals(200, api.setNodeAttrs("cq", "sync_watermark=n3").retCode());
            assertEquals("sync_watermark=n3", api.getNodeInfo("cq").nodeAttrs());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldMoveWatermarksAndSwitchOver(String major) throws Exception {
        try (Connection c = installed(major)) {
            NodeApi api = new NodeApi(c);
            api.registerLocation("aq", "n1", "dbname=n1", false);
            api.registerLocation("aq", "n2", "dbname=n2", false);
            api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null);
            api.registerSubscriber("aq", "n2", "w2", null);
            try (Statement st = c.createStatement()) {
                st.execute("select pgq.set_queue_config('aq', 'ticker_max_lag', '0'),"
                        + " pgq.set_queue_config('aq', 'ticker_idle_period', '0')");
                st.execute("select pgq.insert_event('aq', 'x', 'y')");
            }
            long tick = Long.parseLong(scalar(c, "select pgq.ticker('aq')"));

            assertEquals(200, api.setSubscriberWatermark("aq", "n2", tick).retCode());
            assertEquals(100, api.setSubscriberWatermark("aq", "n2", tick).retCode());
            NodeException back = assertThrows(NodeException.class, () -> api.setSubscriberWatermark("aq", "n2", 1));
            assertEquals(405, back.code());
            // w2 still at tick 1 holds the local watermark back
            assertEquals(1L, api.getNodeInfo("aq").localWatermark());
            scalar(c, "select pgq.finish_batch(pgq.next_batch('aq', 'w2'))");
            assertEquals(tick, api.getNodeInfo("aq").localWatermark());
            assertEquals(new RetNote(200, "Global watermark set to " + tick), api.setGlobalWatermark("aq", null));
            WorkerState root = api.getWorkerState("aq");
            assertEquals(tick, root.globalWatermark());
            assertEquals(tick, root.completedTick());
            assertEquals(1, Integer.parseInt(scalar(c, "select count(*) from pgq.event_template"
                    + " where ev_type = 'pgq.global-watermark' and ev_data = '" + tick + "'")));
            assertEquals(0, api.maintWatermark("aq"));

            // switchover: three steps, each its own transaction in real use
            NodeException order = assertThrows(NodeException.class, () -> api.demoteRoot("aq", 2, "n2"));
            assertTrue(order.getMessage().contains("wrong order"), order.getMessage());
            assertEquals(200, api.demoteRoot("aq", 1, "n2").retCode());
            DemoteResult last = api.demoteRoot("aq", 2, "n2");
            assertTrue(last.lastTick() > tick);
            assertEquals(last.lastTick(), api.demoteRoot("aq", 3, "n2").lastTick());
            NodeInfo demoted = api.getNodeInfo("aq");
            assertEquals(NodeType.BRANCH, demoted.nodeType());
            assertEquals("n2", demoted.providerNode());
            assertEquals(last.lastTick(), demoted.workerLastTick());
            assertEquals(301, assertThrows(NodeException.class, () -> api.demoteRoot("aq", 1, "n2")).code());

            assertEquals(new RetNote(200, "Branch node promoted to root"), api.promoteBranch("aq"));
            assertEquals(NodeType.ROOT, api.getNodeInfo("aq").nodeType());
            assertEquals("n1", api.getWorkerState("aq").providerNode());
            try (Statement st = c.createStatement()) {
                st.execute("select pgq.insert_event('aq', 'x', 'y')");
            }
            assertTrue(Long.parseLong(scalar(c, "select pgq.ticker('aq')")) > last.lastTick(),
                    "ticks continue after the last one");

            assertEquals(200, api.unregisterSubscriber("aq", "n2").retCode());
            assertEquals(304, assertThrows(NodeException.class, () -> api.unregisterSubscriber("aq", "n2")).code());
            assertEquals(403, assertThrows(NodeException.class, () -> api.unregisterLocation("aq", "n1")).code());
            assertEquals(200, api.unregisterLocation("aq", "n2").retCode());
            assertEquals(200, api.dropNode("aq", "n1").retCode());
            assertEquals(404, assertThrows(NodeException.class, () -> api.getWorkerState("aq")).code());
            assertEquals("0", scalar(c, "select count(*) from pgq.queue"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void maintenanceShouldMoveAStaleGlobalWatermarkOnTheRootOnly(String major) throws Exception {
        try (Connection c = installed(major)) {
            NodeApi api = new NodeApi(c);
            api.registerLocation("aq", "n1", "dbname=n1", false);
            api.registerLocation("aq", "n2", "dbname=n2", false);
            api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null);
            api.registerSubscriber("aq", "n2", "w2", null);
            try (Statement st = c.createStatement()) {
                st.execute("select pgq.set_queue_config('aq', 'ticker_max_lag', '0'),"
                        + " pgq.set_queue_config('aq', 'ticker_idle_period', '0')");
                st.execute("select pgq.insert_event('aq', 'x', 'y')");
            }
            long tick = Long.parseLong(scalar(c, "select pgq.ticker('aq')"));
            scalar(c, "select pgq.finish_batch(pgq.next_batch('aq', 'w2'))");
            api.setSubscriberWatermark("aq", "n2", tick);
            assertEquals(tick, api.getNodeInfo("aq").localWatermark());

            // the watermark's tick is fresh: nothing to do yet
            assertEquals(0, api.maintWatermark("aq"));
            assertEquals(1L, api.getNodeInfo("aq").globalWatermark());
            // five minutes later (the tick made older), pgqd's round moves it and tells the cascade
            try (Statement st = c.createStatement()) {
                st.execute("update pgq.tick set tick_time = now() - interval '6 minutes' where tick_id = 1");
            }
            assertEquals(List.of("pgq_node.maint_watermark aq"), maintOperations(c));
            assertEquals(0, api.maintWatermark("aq"));
            assertEquals(tick, api.getNodeInfo("aq").globalWatermark());
            assertEquals("1", scalar(c, "select count(*) from pgq.event_template"
                    + " where ev_type = 'pgq.global-watermark'"));

            // a branch leaves its watermark to the root's events
            api.registerLocation("bq", "n1", "dbname=n1", false);
            api.registerLocation("bq", "n2", "dbname=n2", false);
            api.createNode("bq", NodeType.BRANCH, "n2", "w2", "n1", 1L, null);
            try (Statement st = c.createStatement()) {
                st.execute("update pgq.tick set tick_time = now() - interval '6 minutes'");
            }
            assertEquals(0, api.maintWatermark("bq"));
            assertEquals(1L, api.getNodeInfo("bq").globalWatermark());
        }
    }

    static List<String> maintOperations(Connection c) throws Exception {
        List<String> ops = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select func_name, func_arg from pgq.maint_operations() where func_name like 'pgq_node.%'")) {
            while (rs.next()) {
                ops.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return ops;
    }

    /** A leaf node n3 of queue cq reading from n2. */
    static void leaf(NodeApi api) {
        api.registerLocation("cq", "n2", "dbname=n2", false);
        api.registerLocation("cq", "n3", "dbname=n3", false);
        api.createNode("cq", NodeType.LEAF, "n3", "w3", "n2", 5L, null);
    }

    static String scalar(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
