package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Leaf replay of tables already in sync ({@code --expect-sync}): inserts, updates, deletes and truncates applied
 * exactly once, also while the worker's subscriber connection is killed again and again in the middle of
 * batches. On the original extensions (Debian PostgreSQL 15).
 */
@DisplayName("leaf worker replays exactly once (original extensions)")
class LeafReplayIT {

    @Test
    void replayOnOriginal() throws Exception {
        ReplayScenarios.replay(NodeDb.original("wroot"), NodeDb.original("wleaf"), false);
    }

    @Test
    void replayThroughKilledConnectionsOnOriginal() throws Exception {
        ReplayScenarios.replay(NodeDb.original("wroot"), NodeDb.original("wleaf"), true);
    }

    @Test
    void replayWithProjectApplierOnOriginal() throws Exception {
        ReplayScenarios.replay(NodeDb.original("wroot"), NodeDb.original("wleaf"), true, Cascade.Parts.project());
    }
}

/** The replay scenarios, run on any pair of node databases. */
final class ReplayScenarios {
    private ReplayScenarios() {
    }

    static final String ROOT_DDL = "create table data (id int primary key, v text);"
            + " create table log (id bigserial primary key, val int)";
    // the leaf's log is keyed by its own serial: an insert applied twice shows as an extra row
    static final String LEAF_DDL = "create table data (id int primary key, v text);"
            + " create table log (lid bigserial primary key, id bigint, val int)";

    static void replay(NodeDb root, NodeDb leaf, boolean killConnections) throws Exception {
        replay(root, leaf, killConnections, Cascade.Parts.plain());
    }

    static void replay(NodeDb root, NodeDb leaf, boolean killConnections, Cascade.Parts parts) throws Exception {
        root.exec(ROOT_DDL);
        leaf.exec(LEAF_DDL);
        try (Cascade c = new Cascade().with(parts)) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.addRootTable(root, "public.log");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.data", true);
            c.addTable(leaf, "public.log", true);
            c.ticker(root);
            Cascade.Running w = c.worker("leaf", Cascade.settings(leaf, "leaf").withLazyFetch(50));
            AtomicBoolean writing = new AtomicBoolean(true);
            Cascade.Loop killer = null;
            if (killConnections) {
                killer = new Cascade.Loop("killer", Duration.ofMillis(150), () -> {
                    try (Connection k = leaf.connect(); Statement st = k.createStatement()) {
                        while (writing.get()) {
                            st.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                                    + " where application_name = 'londiste leaf worker'");
                            Thread.sleep(150);
                        }
                    }
                    return null;
                });
                c.closeLater(killer);
            }
            write(root, 400, 7);
            execute(root, "add_note.sql", "--*-- Local-Table: data\nalter table @data@ add column note text;",
                    "local-table=data");
            root.exec("update data set note = 'n' || id where id % 3 = 0");
            write(root, 50, 8);
            writing.set(false);
            if (killer != null) {
                killer.close();
            }
            awaitCaughtUp(root, leaf, "leaf");
            assertEquals(root.rows("select id, v, note from data order by id"),
                    leaf.rows("select id, v, note from data order by id"), "data equal row by row, EXECUTE applied");
            assertEquals(1, leaf.count("select count(*) from londiste.applied_execute"
                    + " where execute_file = 'add_note.sql'"));
            assertEquals(root.rows("select id, val from log order by id"),
                    leaf.rows("select id, val from log order by id"), "log equal: each insert applied once");
            assertNull(leaf.one("select cur_error from pgq_node.get_worker_state('" + Cascade.QUEUE + "')"),
                    "no error left on the node");
            w.close();
        }
    }

    /** {@code londiste execute} on the root: the SQL and its EXECUTE event in one transaction. */
    static void execute(NodeDb root, String file, String sql, String attrs) throws Exception {
        try (Connection r = root.connect(); Statement st = r.createStatement()) {
            r.setAutoCommit(false);
            Cascade.call(r, "select * from londiste.execute_start(?, ?, ?, true, ?)", Cascade.QUEUE, file, sql,
                    attrs);
            st.execute(sql.replace("@data@", "public.data"));
            Cascade.call(r, "select * from londiste.execute_finish(?, ?)", Cascade.QUEUE, file);
            r.commit();
        }
    }

    /** {@code n} small transactions of inserts, updates, deletes and log inserts, with a truncate midway. */
    static void write(NodeDb root, int n, long seed) throws Exception {
        Random r = new Random(seed);
        try (Connection c = root.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                int id = r.nextInt(50);
                st.execute("insert into data values (" + id + ", 'v" + i + "') on conflict (id) do update"
                        + " set v = excluded.v");
                st.execute("update data set v = v || '+' where id = " + r.nextInt(50));
                if (r.nextInt(5) == 0) {
                    st.execute("delete from data where id = " + r.nextInt(50));
                }
                st.execute("insert into log (val) values (" + i + ")");
                if (i == n / 2) {
                    st.execute("truncate data");
                }
                c.commit();
                if (i % 20 == 0) {
                    Thread.sleep(5);
                }
            }
        }
    }

    /** Waits until the node's worker has completed the root's newest tick, with events after the last write. */
    static void awaitCaughtUp(NodeDb root, NodeDb node, String consumer) throws Exception {
        long target = Long.parseLong(root.one("select pgq.force_tick('" + Cascade.QUEUE + "')"));
        Cascade.await("a tick after " + target + " on " + root, Duration.ofSeconds(30), () ->
                Long.parseLong(root.one("select max(tick_id) from pgq.tick")) > target);
        long last = Long.parseLong(root.one("select max(tick_id) from pgq.tick"));
        Cascade.await(node + " completing tick " + last, Duration.ofSeconds(60), () -> {
            String done = node.one("select last_tick_id from pgq_node.local_state where consumer_name = '"
                    + consumer + "'");
            return done != null && Long.parseLong(done) >= last;
        });
    }
}
