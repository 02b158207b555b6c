package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The set-up shared by the merge-leaf tests (MergeLeafIT, MergeResyncIT): the merged table, partition roots and
 * the nodes below them as NodeAdmin creates them, a writer per partition and the row-by-row view of the merged
 * table. Partition 1 writes odd keys, partition 2 even ones; 4000 seed rows each.
 */
final class MergeNodes {
    static final String P1 = "part1_q";
    static final String P2 = "part2_q";
    static final String FULL = "l3_full_q";
    static final String TABLE = "create table orders (id int primary key, part text not null,"
            + " val int not null, note text); create index orders_val on orders (val);"
            + " create index orders_note on orders (note)";

    private MergeNodes() {
    }

    /** The merged table on every database, the seed rows on the partitions, each partition the root of its queue. */
    static void partitions(NodeDb part1, NodeDb part2, NodeDb... others) throws SQLException {
        for (NodeDb db : List.of(part1, part2)) {
            db.exec(TABLE);
        }
        for (NodeDb db : others) {
            db.exec(TABLE);
        }
        seed(part1, part2);
        root(part1, P1, "part1");
        root(part2, P2, "part2");
        call(part1, "select * from londiste.local_add_table(?, 'public.orders')", P1);
        call(part2, "select * from londiste.local_add_table(?, 'public.orders')", P2);
    }

    /**
     * full1: the combined queue's root and a merge leaf per partition ({@code merge_partN_full1}, partition 1's
     * worked by {@code worker1}), the table added there with {@code --merge-all}.
     */
    static void combinedRoot(NodeDb full1, NodeDb part1, NodeDb part2, String worker1) throws SQLException {
        root(full1, FULL, "full1");
        below(full1, P1, "merge_part1_full1", worker1, "leaf", part1, "part1", FULL);
        below(full1, P2, "merge_part2_full1", "merge_part2_full1", "leaf", part2, "part2", FULL);
        call(full1, "select * from londiste.local_add_table(?, 'public.orders', array['merge_all'])", P1);
    }

    /**
     * full2: a branch of the combined queue below full1 with merge leaves of its own ({@code merge_partN_full2}); it
     * copies the merged table from full1, its merge leaves only wait behind.
     */
    static void combinedBranch(NodeDb full2, NodeDb full1, NodeDb part1, NodeDb part2) throws SQLException {
        below(full2, FULL, "full2", "full2", "branch", full1, "full1", null);
        below(full2, P1, "merge_part1_full2", "merge_part1_full2", "leaf", part1, "part1", FULL);
        below(full2, P2, "merge_part2_full2", "merge_part2_full2", "leaf", part2, "part2", FULL);
        call(full2, "select * from londiste.global_add_table(?, 'public.orders')", FULL);
        call(full2, "select * from londiste.local_add_table(?, 'public.orders')", FULL);
        call(full2, "select * from londiste.local_add_table(?, 'public.orders', array['merge_all'])", P1);
    }

    /** {@code full_leaf}: a leaf of the combined queue below {@code provider}, the merged table added. */
    static void combinedLeaf(NodeDb leaf, NodeDb provider, String providerName) throws SQLException {
        below(leaf, FULL, "full_leaf", "full_leaf", "leaf", provider, providerName, null);
        call(leaf, "select * from londiste.global_add_table(?, 'public.orders')", FULL);
        call(leaf, "select * from londiste.local_add_table(?, 'public.orders')", FULL);
    }

    /** A writer on each partition (closed with the cascade), counting into {@code writes}. */
    static List<Cascade.Loop> writers(Cascade c, NodeDb part1, NodeDb part2, AtomicInteger writes) {
        Cascade.Loop w1 = writer(part1, 1, writes);
        Cascade.Loop w2 = writer(part2, 0, writes);
        c.closeLater(w1);
        c.closeLater(w2);
        return List.of(w1, w2);
    }

    /** Stops the writers; none may have failed. */
    /**
     * The running cluster without the merge leaves' workers: tickers on both partitions and on full1, a writer on
     * each partition (counting into {@code writes}), the partitions' roots and full1's combined root at work.
     */
    static List<Cascade.Loop> running(Cascade c, NodeDb part1, NodeDb part2, NodeDb full1, AtomicInteger writes) {
        for (NodeDb db : List.of(part1, part2, full1)) {
            c.ticker(db);
        }
        List<Cascade.Loop> ws = writers(c, part1, part2, writes);
        workers(c, part1, "part1");
        workers(c, part2, "part2");
        workers(c, full1, "full1");
        return ws;
    }

    static void stop(List<Cascade.Loop> writers) throws InterruptedException {
        for (Cascade.Loop w : writers) {
            w.close();
        }
        for (Cascade.Loop w : writers) {
            if (w.failure() != null) {
                throw new AssertionError("writer failed", w.failure());
            }
        }
    }

    /** A worker for each named node of {@code db}; its queue: {@code full*} the combined one, else by partition. */
    static void workers(Cascade c, NodeDb db, String... nodes) {
        for (String n : nodes) {
            String queue = n.startsWith("full") ? FULL : n.contains("part1") ? P1 : P2;
            c.worker(n, settings(db, n, queue));
        }
    }

    /** The seed rows of both partitions (odd keys on part1, even on part2). */
    static void seed(NodeDb part1, NodeDb part2) throws SQLException {
        part1.exec("insert into orders select 2 * g - 1, 'p1', g, 'seed' from generate_series(1, 4000) g");
        part2.exec("insert into orders select 2 * g, 'p2', g, 'seed' from generate_series(1, 4000) g");
    }

    /** Every row of the merged table, as text, by id. */
    static List<String> rows(NodeDb db) throws SQLException {
        return db.rows("select id, part, val, note from orders order by id");
    }

    static List<String> union(NodeDb a, NodeDb b) throws SQLException {
        List<String> all = new ArrayList<>(rows(a));
        all.addAll(rows(b));
        all.sort(Comparator.comparingInt(r -> Integer.parseInt(r.substring(0, r.indexOf('|')))));
        return all;
    }

    /**
     * A writer on a partition: each transaction inserts a row of its own parity, updates a row (val + 1, so a
     * doubled or lost update shows) and now and then deletes one.
     */
    static Cascade.Loop writer(NodeDb db, int parity, AtomicInteger writes) {
        return new Cascade.Loop("writer-" + db.label(), Duration.ofMillis(5), () -> {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                int next = parity == 1 ? 8001 : 8002;
                while (!Thread.currentThread().isInterrupted()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("insert into orders values (" + next + ", 'p"
                                + (parity == 1 ? 1 : 2) + "', 0, 'w')");
                        next += 2;
                        int id = 2 * ThreadLocalRandom.current().nextInt(1, 4000) - parity;
                        st.execute("update orders set val = val + 1, note = 'u' where id = " + id);
                        if (ThreadLocalRandom.current().nextInt(10) == 0) {
                            st.execute("delete from orders where id = "
                                    + (2 * ThreadLocalRandom.current().nextInt(1, 4000) - parity));
                        }
                    }
                    c.commit();
                    writes.incrementAndGet();
                    Thread.sleep(5);
                }
            }
            return null;
        });
    }

    static WorkerSettings settings(NodeDb db, String name, String queue) {
        return WorkerSettings.of(name, db.connstr(), queue).withIdle(Duration.ofMillis(10), Duration.ofMillis(300))
                .withExceptionSleep(Duration.ofMillis(300));
    }

    /** create-root as NodeAdmin does it, with a queue that ticks as soon as there are events. */
    static void root(NodeDb db, String queue, String name) throws SQLException {
        call(db, "select * from pgq_node.register_location(?, ?, ?, false)", queue, name, db.connstr());
        call(db, "select * from pgq_node.create_node(?, 'root', ?, ?, null, null, null)", queue, name, name);
        // a tick at most every 0.1 s under writes (not each 20 ms ticker call): a merge leaf restarted in a JVM on
        // a loaded machine must be able to catch up tick by tick
        call(db, "select pgq.set_queue_config(?, 'ticker_max_lag', '100 milliseconds')", queue);
        call(db, "select pgq.set_queue_config(?, 'ticker_idle_period', '1 second')", queue);
    }

    /** create-branch / create-leaf ({@code combined}: create-leaf --merge) as NodeAdmin does it. */
    static void below(NodeDb db, String queue, String name, String worker, String type, NodeDb provider,
                      String providerName, String combined) throws SQLException {
        call(provider, "select * from pgq_node.register_location(?, ?, ?, false)", queue, name, db.connstr());
        String wm = call(provider, "select global_watermark from pgq_node.register_subscriber(?, ?, ?, null)", queue,
                name, worker);
        call(db, "select * from pgq_node.register_location(?, ?, ?, false)", queue, name, db.connstr());
        call(db, "select * from pgq_node.register_location(?, ?, ?, false)", queue, providerName, provider.connstr());
        call(db, "select * from pgq_node.create_node(?, ?, ?, ?, ?, ?::int8, ?)", queue, type, name, worker,
                providerName, wm, combined);
        for (String t : provider.rows("select table_name from londiste.get_table_list('" + queue + "')")) {
            call(db, "select * from londiste.global_add_table(?, ?)", queue, t);
        }
    }

    static String call(NodeDb db, String sql, Object... args) throws SQLException {
        try (Connection c = db.connect()) {
            return Cascade.call(c, sql, args);
        }
    }
}
