package org.londiste4j.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's read keys on a root -> leaf pair across two majors: {@code pgq_keep_lag} keeps the leaf that far
 * behind, {@code pgq_batch_collect_events} takes nothing until enough events are there and then one batch over
 * several ticks, {@code local_only} reads only the events of the leaf's own tables (and EXECUTE, unless
 * {@code local_only_drop_execute}), {@code keepalive_stats} logs a line while idle.
 */
class WorkerReadKeysIT {

    static List<String[]> pairs() {
        return CrossVersionIT.pairs();
    }

    private static final String DDL = "create table a (id int primary key, v text);";

    /** A root with tables a and b, a leaf with a only (in sync from the start), a ticker; no worker yet. */
    private static Cascade cascade(NodeDb root, NodeDb leaf) throws Exception {
        root.exec(DDL, "create table b (id int primary key, v text)");
        leaf.exec(DDL);
        Cascade c = new Cascade().with(Cascade.Parts.project());
        c.createRoot(root, "root");
        c.addRootTable(root, "public.a");
        c.addRootTable(root, "public.b");
        c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
        c.addTable(leaf, "public.a", true);
        c.ticker(root);
        return c;
    }

    private static WorkerSettings leafSettings(NodeDb leaf, WorkerSettings.ReadOptions r) {
        return Cascade.settings(leaf, "leaf").withRead(r);
    }

    private static void insertEach(NodeDb root, String table, int from, int n, long pauseMs) throws Exception {
        try (Connection c = root.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (int i = from; i < from + n; i++) {
                st.execute("insert into " + table + " values (" + i + ", 'x" + i + "')");
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void keepLagKeepsTheLeafBehind(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "klroot");
        NodeDb leaf = NodeDb.ours(to, "klleaf");
        try (Cascade c = cascade(root, leaf)) {
            c.worker("leaf", leafSettings(leaf, new WorkerSettings.ReadOptions(Duration.ofSeconds(2), null, null,
                    false, false, null)));
            insertEach(root, "a", 1, 1, 0);
            long written = System.nanoTime();
            Cascade.await("the row on the leaf", Duration.ofSeconds(30), () -> leaf.count("select count(*) from a") == 1);
            long lag = System.nanoTime() - written;
            assertTrue(lag >= Duration.ofMillis(1900).toNanos(), "applied after " + lag / 1_000_000
                    + " ms: pgq_keep_lag = 2 s keeps the leaf at least that far behind");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void batchCollectEventsWaitsForEnoughEvents(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "bcroot");
        NodeDb leaf = NodeDb.ours(to, "bcleaf");
        try (Cascade c = cascade(root, leaf)) {
            c.worker("leaf", leafSettings(leaf, new WorkerSettings.ReadOptions(null, 60, null, false, false,
                    null)));
            long tickBefore = Long.parseLong(root.one("select max(tick_id) from pgq.tick"));
            insertEach(root, "a", 1, 20, 40);
            Cascade.await("several ticks over the 20 events", Duration.ofSeconds(30), () ->
                    Long.parseLong(root.one("select max(tick_id) from pgq.tick")) >= tickBefore + 5);
            // the worker polls every 10 ms: a second is a hundred chances to take a batch it should not take
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                assertEquals(0, leaf.count("select count(*) from a"), "no batch before 60 events");
                Thread.sleep(50);
            }
            long doneBefore = completed(leaf);
            // one transaction: all 50 in one tick, so that the batch reaching 60 events holds every row
            root.exec("insert into a select g, 'x' || g from generate_series(21, 70) g");
            Cascade.await("all 70 rows on the leaf", Duration.ofSeconds(30), () ->
                    leaf.count("select count(*) from a") == 70);
            assertEquals(root.rows("select * from a order by id"), leaf.rows("select * from a order by id"));
            assertTrue(completed(leaf) >= doneBefore + 5, "one batch over several ticks: completed tick "
                    + completed(leaf) + " after " + doneBefore);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void batchCollectIntervalSpansTicks(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "biroot");
        NodeDb leaf = NodeDb.ours(to, "bileaf");
        try (Cascade c = cascade(root, leaf)) {
            c.worker("leaf", leafSettings(leaf, new WorkerSettings.ReadOptions(null, null, Duration.ofSeconds(1),
                    false, false, null)));
            List<Long> seen = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int next = 1;
            while (System.nanoTime() < until) {
                insertEach(root, "a", next++, 1, 0);
                long done = completed(leaf);
                if (seen.isEmpty() || seen.get(seen.size() - 1) != done) {
                    seen.add(done);
                }
                Thread.sleep(30);
            }
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            assertEquals(root.rows("select * from a order by id"), leaf.rows("select * from a order by id"));
            // the batches after the first (which starts at the node's creation) span at least the interval
            assertTrue(seen.size() >= 4, "completed ticks seen: " + seen);
            for (int i = 2; i < seen.size(); i++) {
                double span = Double.parseDouble(root.one("select extract(epoch from (select tick_time from pgq.tick"
                        + " where tick_id = " + seen.get(i) + ") - (select tick_time from pgq.tick where tick_id = "
                        + seen.get(i - 1) + "))"));
                assertTrue(span >= 0.99, "batch " + seen.get(i - 1) + ".." + seen.get(i) + " spans " + span
                        + " s, less than pgq_batch_collect_interval = 1 s; completed ticks: " + seen);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void localOnlyReadsOnlyTheLeafsTables(String from, String to) throws Exception {
        localOnly(NodeDb.ours(from, "loroot"), NodeDb.ours(to, "loleaf"), false);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void localOnlyDropExecuteSkipsExecute(String from, String to) throws Exception {
        localOnly(NodeDb.ours(from, "ldroot"), NodeDb.ours(to, "ldleaf"), true);
    }

    private static void localOnly(NodeDb root, NodeDb leaf, boolean dropExecute) throws Exception {
        try (Cascade c = cascade(root, leaf)) {
            Cascade.Running w = c.worker("leaf", leafSettings(leaf, new WorkerSettings.ReadOptions(null, null, null,
                    true, dropExecute, null)));
            insertEach(root, "b", 1, 50, 0);
            insertEach(root, "a", 1, 10, 0);
            ReplayScenarios.execute(root, "probe.sql", "create table exec_probe (id int)", null);
            insertEach(root, "a", 11, 1, 0);
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            assertEquals(root.rows("select * from a order by id"), leaf.rows("select * from a order by id"));
            assertEquals(11, w.worker().rowEventsRead(), "only the 11 row events of table a were read, not b's 50");
            assertEquals(dropExecute ? 0 : 1, leaf.count("select count(*) from londiste.applied_execute"
                    + " where execute_file = 'probe.sql'"), "EXECUTE " + (dropExecute ? "dropped" : "kept"));
            assertEquals(dropExecute ? 0 : 1, leaf.count("select count(*) from pg_class where relname = 'exec_probe'"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void keepaliveStatsLogsWhileIdle(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "karoot");
        NodeDb leaf = NodeDb.ours(to, "kaleaf");
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(LondisteWorker.class);
        logger.addAppender(appender);
        try (Cascade c = cascade(root, leaf)) {
            c.worker("leaf", leafSettings(leaf, new WorkerSettings.ReadOptions(null, null, null, false, false,
                    Duration.ofMillis(300))));
            Cascade.await("two idle stats lines", Duration.ofSeconds(30), () -> appender.list.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("{count: 0, ignored: 0, idle: ")).count() >= 2);
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static boolean caughtUp(NodeDb root, NodeDb leaf) throws Exception {
        String last = root.one("select max(tick_id) from pgq.tick");
        return last != null && completed(leaf) >= Long.parseLong(last);
    }

    private static long completed(NodeDb leaf) throws Exception {
        String done = leaf.one("select last_tick_id from pgq_node.local_state where consumer_name = 'leaf'");
        return done == null ? -1 : Long.parseLong(done);
    }
}
