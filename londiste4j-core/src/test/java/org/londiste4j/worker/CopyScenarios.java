package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initial copy under concurrent writes: three tables copied with {@code parallel_copies = 2} through every
 * state to {@code ok}, a foreign key parked during the copy and restored after, every row equal at the end.
 */
final class CopyScenarios {
    private CopyScenarios() {
    }

    static final List<String> TABLES = List.of("public.t1", "public.t2", "public.t3");

    static void copyUnderWrites(NodeDb root, NodeDb leaf, TableCopier copier, Duration killEvery) throws Exception {
        String ddl = "create table t1 (id int primary key, v text, n int);"
                + " create table t2 (id int primary key, t1id int, v text);"
                + " create table t3 (id int primary key, v text, n bigint);";
        root.exec(ddl, "insert into t1 select g, 'a' || g, 0 from generate_series(1, 3000) g",
                "insert into t2 select g, g, 'b' || g from generate_series(1, 3000) g",
                "insert into t3 select g, 'c' || g, 0 from generate_series(1, 3000) g");
        leaf.exec(ddl, "alter table t2 add constraint t2_t1_fk foreign key (t1id) references t1 (id)"
                + " on delete cascade");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            for (String t : TABLES) {
                c.addRootTable(root, t);
            }
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.ticker(root);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            Cascade.Loop writer = new Cascade.Loop("writer", Duration.ZERO, () -> {
                Random r = new Random(11);
                try (Connection w = root.connect(); Statement st = w.createStatement()) {
                    w.setAutoCommit(false);
                    int next = 5000;
                    while (writing.get()) {
                        int id = 1 + r.nextInt(3000);
                        st.execute("update t1 set n = n + 1 where id = " + id);
                        st.execute("insert into t2 values (" + next + ", " + id + ", 'new')");
                        st.execute("update t3 set n = n + 1, v = v || 'x' where id = " + (1 + r.nextInt(3000)));
                        if (r.nextInt(4) == 0) {
                            st.execute("delete from t3 where id = " + (1 + r.nextInt(3000)));
                            st.execute("insert into t1 values (" + next + ", 'n', 0)");
                        }
                        next++;
                        w.commit();
                        writes.incrementAndGet();
                        Thread.sleep(2);
                    }
                }
                return null;
            });
            c.closeLater(writer);
            Cascade.Running w = c.worker("leaf", Cascade.settings(leaf, "leaf").withParallelCopies(2),
                    OrderedTestApplier::new, copier);
            Cascade.Loop killer = null;
            if (killEvery != null) {
                killer = new Cascade.Loop("killer", killEvery, () -> {
                    try (Connection k = leaf.connect(); Statement st = k.createStatement()) {
                        while (true) {
                            Thread.sleep(killEvery.toMillis());
                            st.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                                    + " where application_name like 'londiste leaf %'");
                        }
                    }
                });
                c.closeLater(killer);
            }
            for (String t : TABLES) {
                c.addTable(leaf, t, false);
            }
            Cascade.await("every table ok on " + leaf, Duration.ofSeconds(120), () ->
                    leaf.count("select count(*) from londiste.table_info where merge_state = 'ok'") == 3);
            if (killer != null) {
                killer.close();
            }
            long before = writes.get();
            Cascade.await("more writes after the copy", Duration.ofSeconds(30), () -> writes.get() > before + 50);
            writing.set(false);
            writer.close();
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            for (String t : TABLES) {
                assertEquals(root.rows("select * from " + t + " order by id"),
                        leaf.rows("select * from " + t + " order by id"), t + " equal row by row");
            }
            assertEquals(0, leaf.count("select count(*) from londiste.pending_fkeys"), "parked fkeys restored");
            assertEquals(1, leaf.count("select count(*) from pg_constraint where conname = 't2_t1_fk'"));
            Cascade.await("copy threads gone", Duration.ofSeconds(20), () -> w.worker().copyThreads() == 0);
            assertTrue(leaf.count("select count(*) from pgq_node.local_state where consumer_name like '%.copy.%'")
                    == 0, "copy consumers unregistered");
            w.close();
        }
    }
}
