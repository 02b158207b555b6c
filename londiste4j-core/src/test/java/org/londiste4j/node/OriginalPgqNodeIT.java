package org.londiste4j.node;

import org.junit.jupiter.api.Test;
import org.londiste4j.schema.InstalledSchema;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.SystemPg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same cascade built and driven through {@link NodeApi} on the original pgq_node 3.5 extension (over the
 * original pgq, Debian PostgreSQL 15) and on londiste4j's pgq_node (over londiste4j's pgq, same server): every
 * call's answer, the result columns of every info function and the node tables must be the same.
 *
 * <p>Known, deliberate differences are compared by return code only, each named in {@link #codeOnly}: notes
 * where the original's text is broken (a lost queue name, a missing space).
 */
class OriginalPgqNodeIT {

    @Test
    void shouldAnswerLikeTheOriginal() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq", "pgq_node");
             Connection orig = DriverManager.getConnection(pg.createDatabase("orig"), "postgres", "");
             Connection ours = DriverManager.getConnection(pg.createDatabase("ours"), "postgres", "")) {
            try (Statement st = orig.createStatement()) {
                st.execute("create extension pgq");
                st.execute("create extension pgq_node");
            }
            SchemaInstaller.install(ours, "pgq");
            SchemaInstaller.install(ours, "pgq_node");
            assertEquals(InstalledSchema.Kind.ORIGINAL_EXTENSION, SchemaInstaller.detect(orig, "pgq_node").kind());
            assertEquals(InstalledSchema.Kind.LONDISTE4J, SchemaInstaller.detect(ours, "pgq_node").kind());

            List<String> expected = scenario(orig);
            List<String> actual = scenario(ours);
            // kept for review, like the golden tests' outputs
            Path dir = Files.createDirectories(Path.of("target/original-pgq-node"));
            Files.write(dir.resolve("original.txt"), expected);
            Files.write(dir.resolve("londiste4j.txt"), actual);
            assertTrue(expected.size() > 100, "the scenario ran: " + expected.size() + " lines");
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), "line " + i + " of the scenario");
            }
            assertEquals(expected.size(), actual.size());
        }
    }

    /** Everything a scenario observed, one line a call or a row. */
    private static List<String> scenario(Connection c) throws SQLException {
        NodeApi api = new NodeApi(c);
        List<String> out = new ArrayList<>();
        Recorder r = new Recorder(out);

        // root
        r.call("loc aq n1", () -> api.registerLocation("aq", "n1", "dbname=n1", false));
        r.call("loc aq n2", () -> api.registerLocation("aq", "n2", "dbname=n2", false));
        r.call("worker state before", () -> api.getWorkerState("aq"));
        r.call("create root", () -> api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null));
        r.call("create root again", () -> api.createNode("aq", NodeType.ROOT, "n1", "w1", null, null, null));
        r.call("root with provider", () -> api.createNode("xq", NodeType.ROOT, "n1", "w1", "n2", null, null));
        r.call("branch without provider", () -> api.createNode("xq", NodeType.BRANCH, "n1", "w1", null, 1L, null));
        r.call("branch without wm", () -> api.createNode("xq", NodeType.BRANCH, "n1", "w1", "n2", null, null));
        r.call("leaf bad combined", () -> api.createNode("xq", NodeType.LEAF, "n1", "w1", "n2", 1L, "nosuch"));
        exec(c, "select pgq.set_queue_config('aq', 'ticker_max_lag', '0'),"
                + " pgq.set_queue_config('aq', 'ticker_idle_period', '0')");
        r.call("is root", () -> api.isRootNode("aq"));
        r.call("is leaf", () -> api.isLeafNode("aq"));
        r.call("is root unknown", () -> api.isRootNode("nosuch"));
        r.call("node info root", () -> api.getNodeInfo("aq"));
        r.call("worker state root", () -> api.getWorkerState("aq"));
        r.call("node info unknown", () -> api.getNodeInfo("nosuch"));
        r.call("loc n3", () -> api.registerLocation("aq", "n3", "dbname=n3", false));
        r.call("loc n3 dead", () -> api.registerLocation("aq", "n3", null, true));
        r.call("loc n9 unknown dead", () -> api.registerLocation("aq", "n9", null, true));
        r.call("locations", () -> api.getQueueLocations("aq"));
        r.query("tick", c, "select pgq.ticker('aq')");

        // subscribers on the root, a branch and a leaf of their own queues
        r.call("subscribe n2", () -> api.registerSubscriber("aq", "n2", "w2", null));
        r.call("subscribe n3 at 2", () -> api.registerSubscriber("aq", "n3", "w3", 2L));
        r.call("subscribers", () -> api.getSubscriberInfo("aq"));
        r.query("consumers", c, "select consumer_name, last_tick from pgq.get_consumer_info('aq') order by 1");
        r.query("events", c, "select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3"
                + " from pgq.get_batch_events(pgq.next_batch('aq', 'w2')) order by ev_id");
        r.query("finish", c, "select pgq.finish_batch(pgq.next_batch('aq', 'w2'))");
        for (String n : List.of("n1", "n2", "n3")) {
            r.call("loc bq " + n, () -> api.registerLocation("bq", n, "dbname=" + n, false));
        }
        r.call("create branch", () -> api.createNode("bq", NodeType.BRANCH, "n2", "w2", "n1", 5L, null));
        r.query("queues", c, "select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue"
                + " order by 1");
        r.query("branch ticks", c, "select tick_id from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue"
                + " where q.queue_name = 'bq' order by 1");
        r.call("node info branch", () -> api.getNodeInfo("bq"));
        r.call("worker state branch", () -> api.getWorkerState("bq"));
        r.call("subscribe n3 on branch", () -> api.registerSubscriber("bq", "n3", "w3", null));
        r.call("loc cq n2", () -> api.registerLocation("cq", "n2", "dbname=n2", false));
        r.call("loc cq n3", () -> api.registerLocation("cq", "n3", "dbname=n3", false));
        r.call("create leaf", () -> api.createNode("cq", NodeType.LEAF, "n3", "w3", "n2", 5L, null));
        r.call("node info leaf", () -> api.getNodeInfo("cq"));
        r.call("worker state leaf", () -> api.getWorkerState("cq"));
        r.call("subscribe on leaf", () -> api.registerSubscriber("cq", "n4", "w4", null));
        r.call("loc pq p1", () -> api.registerLocation("pq", "p1", "dbname=p1", false));
        r.call("loc pq n2", () -> api.registerLocation("pq", "n2", "dbname=n2", false));
        r.call("create merge-leaf", () -> api.createNode("pq", NodeType.LEAF, "n2", "w2p", "p1", 1L, "bq"));
        r.call("worker state merge-leaf", () -> api.getWorkerState("pq"));
        r.call("node info combined", () -> api.getNodeInfo("bq"));
        r.call("partition wm", () -> api.setPartitionWatermark("bq", "pq", 3));
        r.call("partition wm not merge", () -> api.setPartitionWatermark("bq", "cq", 3));
        r.call("drop merge-leaf", () -> api.dropNode("pq", "n2"));

        // a cascaded consumer
        r.call("reg c1", () -> api.registerConsumer("cq", "c1", "n2", 5));
        r.call("reg c1 again", () -> api.registerConsumer("cq", "c1", "n2", 6));
        r.call("reg unknown queue", () -> api.registerConsumer("nosuch", "c1", "n2", 6));
        r.call("state c1", () -> api.getConsumerState("cq", "c1"));
        r.call("state nobody", () -> api.getConsumerState("cq", "nobody"));
        r.call("state unknown queue", () -> api.getConsumerState("nosuch", "c1"));
        r.call("uptodate", () -> api.setConsumerUptodate("cq", "c1", true));
        r.call("uptodate nobody", () -> api.setConsumerUptodate("cq", "nobody", true));
        r.call("pause", () -> api.setConsumerPaused("cq", "c1", true));
        r.call("pause again", () -> api.setConsumerPaused("cq", "c1", true));
        r.call("pause nobody", () -> api.setConsumerPaused("cq", "nobody", true));
        r.call("state paused", () -> api.getConsumerState("cq", "c1"));
        r.call("resume", () -> api.setConsumerPaused("cq", "c1", false));
        r.call("error", () -> api.setConsumerError("cq", "c1", "failed: boom"));
        r.call("error nobody", () -> api.setConsumerError("cq", "nobody", "x"));
        r.call("state error", () -> api.getConsumerState("cq", "c1"));
        r.call("completed", () -> api.setConsumerCompleted("cq", "c1", 7));
        r.call("completed nobody", () -> api.setConsumerCompleted("cq", "nobody", 7));
        r.call("consumers", () -> api.getConsumerInfo("cq"));
        r.call("provider unknown node", () -> api.changeConsumerProvider("cq", "c1", "n9"));
        r.call("provider nobody", () -> api.changeConsumerProvider("cq", "nobody", "n3"));
        r.call("provider", () -> api.changeConsumerProvider("cq", "c1", "n3"));
        r.call("unreg c1", () -> api.unregisterConsumer("cq", "c1"));
        r.call("unreg unknown queue", () -> api.unregisterConsumer("nosuch", "c1"));
        r.call("attrs", () -> api.setNodeAttrs("cq", "sync_watermark=n3"));
        r.call("attrs unknown", () -> api.setNodeAttrs("nosuch", "x=1"));
        r.call("node info attrs", () -> api.getNodeInfo("cq"));

        // watermarks
        r.call("sub wm", () -> api.setSubscriberWatermark("aq", "n2", 2));
        r.call("sub wm again", () -> api.setSubscriberWatermark("aq", "n2", 2));
        r.call("sub wm back", () -> api.setSubscriberWatermark("aq", "n2", 1));
        r.codeOnly("sub wm unknown", () -> api.setSubscriberWatermark("aq", "n8", 2));
        r.call("subscribers wm", () -> api.getSubscriberInfo("aq"));
        r.call("node info wm", () -> api.getNodeInfo("aq"));
        r.call("sub wm n3", () -> api.setSubscriberWatermark("aq", "n3", 2));
        r.call("node info wm 2", () -> api.getNodeInfo("aq"));
        r.call("global wm", () -> api.setGlobalWatermark("aq", null));
        r.call("worker state wm", () -> api.getWorkerState("aq"));
        r.query("tick 3", c, "select pgq.ticker('aq')");
        r.query("wm event", c, "select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3"
                + " from pgq.get_batch_events(pgq.next_batch('aq', 'w2')) order by ev_id");
        r.query("finish", c, "select pgq.finish_batch(pgq.next_batch('aq', 'w2'))");
        r.call("global wm explicit", () -> api.setGlobalWatermark("aq", 3L));
        r.call("branch wm null", () -> api.setGlobalWatermark("bq", null));
        r.call("branch wm missing tick", () -> api.setGlobalWatermark("bq", 99L));
        r.query("branch tick", c, "select pgq.ticker('bq', 6, now(), 1)");
        r.call("branch wm", () -> api.setGlobalWatermark("bq", 6L));
        r.call("worker state branch wm", () -> api.getWorkerState("bq"));
        r.call("leaf wm", () -> api.setGlobalWatermark("cq", 6L));
        r.codeOnly("unknown wm", () -> api.setGlobalWatermark("nosuch", 6L));
        r.call("maint", () -> api.maintWatermark("aq"));
        r.call("maint branch", () -> api.maintWatermark("bq"));

        // switchover
        r.call("demote branch", () -> api.demoteRoot("bq", 1, "n1"));
        r.codeOnly("demote out of order", () -> api.demoteRoot("aq", 2, "n2"));
        r.call("demote 1", () -> api.demoteRoot("aq", 1, "n2"));
        r.call("demote 2", () -> api.demoteRoot("aq", 2, "n2"));
        r.call("demote 3", () -> api.demoteRoot("aq", 3, "n2"));
        r.call("node info demoted", () -> api.getNodeInfo("aq"));
        r.call("demote unknown", () -> api.demoteRoot("nosuch", 1, "n2"));
        r.call("promote leaf", () -> api.promoteBranch("cq"));
        r.call("promote unknown", () -> api.promoteBranch("nosuch"));
        r.call("promote", () -> api.promoteBranch("bq"));
        r.query("queues promoted", c, "select queue_name, queue_external_ticker, queue_disable_insert"
                + " from pgq.queue order by 1");
        r.call("node info promoted", () -> api.getNodeInfo("bq"));
        exec(c, "select pgq.set_queue_config('bq', 'ticker_max_lag', '0'),"
                + " pgq.set_queue_config('bq', 'ticker_idle_period', '0')");
        r.query("insert on new root", c, "select pgq.insert_event('bq', 'x', 'y') > 0");
        r.query("tick on new root", c, "select pgq.ticker('bq')");
        tables(r, c);

        // forgetting nodes
        r.call("unloc self", () -> api.unregisterLocation("cq", "n3"));
        r.call("unloc provider", () -> api.unregisterLocation("cq", "n2"));
        r.call("unloc unknown", () -> api.unregisterLocation("bq", "n9"));
        r.call("unsub", () -> api.unregisterSubscriber("bq", "n3"));
        r.call("unsub again", () -> api.unregisterSubscriber("bq", "n3"));
        r.call("drop self", () -> api.dropNode("aq", "n1"));
        r.call("drop other", () -> api.dropNode("aq", "n3"));
        r.call("drop leaf", () -> api.dropNode("cq", "n3"));
        r.call("node info dropped", () -> api.getNodeInfo("cq"));
        r.call("root drops a subscriber", () -> api.dropNode("bq", "n3"));
        r.query("unregister event", c, "select ev_type, ev_data, ev_extra1 from pgq.event_template"
                + " where ev_type = 'pgq.unregister-location' order by ev_id");
        r.call("drop root", () -> api.dropNode("bq", "n2"));
        tables(r, c);
        return out;
    }

    private static void tables(Recorder r, Connection c) throws SQLException {
        r.query("node_location", c, "select * from pgq_node.node_location order by 1, 2");
        r.query("node_info", c, "select * from pgq_node.node_info order by 1");
        r.query("local_state", c, "select * from pgq_node.local_state order by 1, 2");
        r.query("subscriber_info", c, "select * from pgq_node.subscriber_info order by 1, 2");
        r.query("pgq consumers", c, "select queue_name, consumer_name, last_tick from pgq.get_consumer_info()"
                + " order by 1, 2");
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Writes what each call answered (a record, or the code and note it threw) as lines. */
    private record Recorder(List<String> out) {
        void call(String what, Supplier<Object> call) {
            out.add(what + ": " + answer(call, false));
        }

        void codeOnly(String what, Supplier<Object> call) {
            out.add(what + ": " + answer(call, true));
        }

        private static String answer(Supplier<Object> call, boolean codeOnly) {
            try {
                Object v = call.get();
                if (codeOnly && v instanceof RetNote rn) {
                    return "code " + rn.retCode();
                }
                return String.valueOf(v);
            } catch (NodeException e) {
                if (e.code() == 0) {
                    // the server's error: its state, not its words (ours name the queue and step)
                    return "error " + e.sqlState() + (codeOnly ? "" : " " + e.note());
                }
                return "failed " + e.code() + (codeOnly ? "" : " " + e.note());
            }
        }

        void query(String what, Connection c, String sql) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder(what).append(':');
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        sb.append(' ').append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
            }
        }
    }
}
