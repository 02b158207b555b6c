package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A partitioned table (SPEC.md 4 and 6.10) replicated whole by the worker, with the project's applier and copy:
 * registered under the parent's name, captured from every partition (sub-partitions, one attached with another
 * column order, one created after the copy), copied while a writer inserts, updates, deletes and moves rows
 * between partitions, then a TRUNCATE of the parent; checked row by row against the source, not by the tool.
 *
 * <p>The source is partitioned (10+); the target is partitioned too with other bounds (10+), or a plain table
 * with the same primary key on 9.6 (the rollback path 18 -> 9.6). On 10 the source has no row trigger on the
 * parent (each partition carries one, made again by adding the table again) and cannot move a row between
 * partitions (the writer deletes and inserts it instead).
 */
class PartitionsIT {

    /** 18 -> 9.6, 18 -> 18 and 10 -> 18 always; every major of the run from 10 on into the newest (-Pall-pg). */
    static List<Arguments> pairs() {
        String newest = PgServers.newest();
        var set = new LinkedHashSet<List<String>>();
        set.add(List.of(newest, PgServers.oldest()));
        set.add(List.of(newest, newest));
        set.add(List.of("10", newest));
        for (String v : PgServers.versions()) {
            if (major(v) >= 10) {
                set.add(List.of(v, newest));
            }
        }
        var out = new ArrayList<Arguments>();
        set.forEach(p -> out.add(Arguments.of(p.get(0), p.get(1))));
        return out;
    }

    static int major(String v) {
        return Integer.parseInt(v.split("\\.")[0]);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void partitionedTableReplicatedWhole(String from, String to) throws Exception {
        assumeTrue(major(from) >= 10 && major(to) >= 9, "a partitioned source needs PostgreSQL 10");
        NodeDb root = NodeDb.ours(from, "proot");
        NodeDb leaf = NodeDb.ours(to, "pleaf");
        boolean ten = major(from) < 11;
        // PostgreSQL 10: no primary key on a partitioned table, each partition has its own
        String parentKey = ten ? "" : ", primary key (id, k)";
        root.exec("create table pt (id int not null, k int not null, v text" + parentKey + ") partition by range (k)",
                "create table pt_a partition of pt for values from (0) to (100)",
                "create table pt_b partition of pt for values from (100) to (200) partition by range (id)",
                "create table pt_b1 partition of pt_b for values from (minvalue) to (2000)",
                "create table pt_b2 partition of pt_b for values from (2000) to (maxvalue)",
                // another column order than the parent's: attached, not created as a partition
                "create table pt_c (v text, k int not null, id int not null)",
                "alter table pt attach partition pt_c for values from (200) to (300)");
        if (ten) {
            for (String p : List.of("pt_a", "pt_b1", "pt_b2", "pt_c")) {
                root.exec("alter table " + p + " add primary key (id, k)");
            }
        }
        root.exec("insert into pt select g, g % 300, 'v' || g from generate_series(1, 4000) g");
        if (major(to) >= 10) {
            // other bounds than the source's: the target's own partitions take the rows
            leaf.exec("create table pt (id int not null, k int not null, v text"
                            + (major(to) < 11 ? "" : ", primary key (id, k)")
                            + ") partition by range (k)",
                    "create table pt_lo partition of pt for values from (0) to (150)",
                    "create table pt_hi partition of pt for values from (150) to (1000)");
            if (major(to) < 11) {
                leaf.exec("alter table pt_lo add primary key (id, k)", "alter table pt_hi add primary key (id, k)");
            }
        } else {
            leaf.exec("create table pt (id int not null, k int not null, v text, primary key (id, k))");
        }
        // a secondary index, dropped for the copy and built again after it (on 11+ a partitioned index)
        leaf.exec("create index pt_v_idx on pt (v)");

        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            c.createRoot(root, "root");
            // a few ticks a second (not one per 20 ms): the copy thread catches up on a loaded machine too
            root.exec("select pgq.set_queue_config('" + Cascade.QUEUE + "', 'ticker_max_lag', '0.3 seconds')",
                    "select pgq.set_queue_config('" + Cascade.QUEUE + "', 'ticker_max_count', '100000')");
            c.addRootTable(root, "public.pt");
            assertEquals("public.pt", root.one("select string_agg(table_name, ',') from londiste.table_info"));
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.ticker(root);

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            AtomicLong moves = new AtomicLong();
            AtomicInteger kLimit = new AtomicInteger(300);
            Cascade.Loop writer = new Cascade.Loop("writer", Duration.ZERO, () -> {
                Random r = new Random(7);
                try (Connection w = root.connect(); Statement st = w.createStatement()) {
                    w.setAutoCommit(false);
                    int next = 10_000;
                    while (writing.get()) {
                        int id = 1 + r.nextInt(4000);
                        int k = r.nextInt(kLimit.get());
                        switch (r.nextInt(5)) {
                            case 0 -> st.execute("insert into pt values (" + next++ + ", " + k + ", 'new')");
                            case 1 -> st.execute("update pt set v = v || 'u' where id = " + id);
                            case 2 -> st.execute("delete from pt where id = " + id);
                            default -> {
                                // a row moved to another partition (10 cannot move one: delete and insert); a key
                                // changed within its partition is refused by the capture, as on any table
                                int n = kLimit.get() / 100;
                                String newK = "((k / 100 + " + (1 + r.nextInt(n - 1)) + ") % " + n + ") * 100 + "
                                        + r.nextInt(100);
                                if (ten) {
                                    st.execute("with d as (delete from pt where id = " + id + " returning id, k, v)"
                                            + " insert into pt select id, " + newK + ", v || 'm' from d");
                                } else {
                                    st.execute("update pt set k = " + newK + ", v = v || 'm' where id = " + id);
                                }
                                moves.addAndGet(st.getUpdateCount() > 0 ? 1 : 0);
                            }
                        }
                        w.commit();
                        writes.incrementAndGet();
                        Thread.sleep(3);
                    }
                }
                return null;
            });
            c.closeLater(writer);
            c.worker("leaf", Cascade.settings(leaf, "leaf").withParallelCopies(2));
            c.addTable(leaf, "public.pt", false);
            Cascade.await("public.pt ok on " + leaf, Duration.ofSeconds(180), () ->
                    leaf.count("select count(*) from londiste.table_info where merge_state = 'ok'") == 1);

            assertEquals(1, leaf.count("select count(*) from pg_class where relname = 'pt_v_idx'"),
                    "the secondary index is back after the copy");
            if (major(to) >= 11) {
                assertEquals(2, leaf.count("select count(*) from pg_inherits where inhparent = 'pt_v_idx'::regclass"),
                        "the partitioned index covers the target's partitions");
            }
            // a partition created after the copy: on 11+ it inherits the parent's trigger, on 10 adding the
            // table again gives it one
            root.exec("create table pt_d partition of pt for values from (300) to (400)");
            if (ten) {
                root.exec("alter table pt_d add primary key (id, k)");
                c.addRootTable(root, "public.pt");
            }
            kLimit.set(400);
            long before = writes.get();
            Cascade.await("more writes after the copy", Duration.ofSeconds(60), () -> {
                if (writer.failure() != null) {
                    throw new AssertionError("the writer failed", writer.failure());
                }
                return writes.get() > before + 300;
            });
            writing.set(false);
            writer.close();
            assertTrue(moves.get() > 50, "rows moved between partitions: " + moves.get());
            assertTrue(root.count("select count(*) from pt_d") > 0, "rows in the new partition");
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            String rows = "select id, k, v from pt order by id, k";
            assertEquals(root.rows(rows), leaf.rows(rows), "pt equal row by row after the copy and the writes");

            // TRUNCATE of the parent, then new rows
            root.exec("truncate pt", "insert into pt select g, g % 400, 't' || g from generate_series(1, 500) g");
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            assertEquals(500, leaf.count("select count(*) from pt"));
            assertEquals(root.rows(rows), leaf.rows(rows), "pt equal row by row after TRUNCATE");
            if (major(to) >= 10) {
                assertTrue(leaf.count("select count(*) from pt_hi") > 0 && leaf.count("select count(*) from pt_lo") > 0,
                        "rows spread over the target's own partitions");
            }
        }
    }
}
