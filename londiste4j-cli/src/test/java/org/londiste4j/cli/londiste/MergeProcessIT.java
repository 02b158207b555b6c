package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/merge.md as a DBA runs it, through the launchers: two partition databases (each the root of its own queue)
 * merged into one full database that is the root of the combined queue {@code l3_full_q}, one merge leaf per
 * partition there ({@code create-leaf --merge}), {@code add-table --merge-all}, a leaf of the combined queue on
 * another major; writers on both partitions during the copies and after; then the merged table and the leaf's copy
 * equal, row by row, the union of the partitions. Also the one-line refusals of {@code --merge} and
 * {@code --sync-watermark} misuse.
 */
class MergeProcessIT {
    @TempDir
    Path dir;

    /** Partition 1 and the leaf on the oldest major, partition 2 and the full database on the newest. */
    static List<Arguments> majors() {
        return List.of(Arguments.of(PgServers.oldest(), PgServers.newest()));
    }

    private WalkthroughProcessIT.Result run(String program, String... args) throws Exception {
        return WalkthroughProcessIT.run(dir, program, args);
    }

    private WalkthroughProcessIT.Result l3(Londiste3.Node n, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add(n.ini().toString());
        all.addAll(List.of(args));
        return run("londiste3", all.toArray(String[]::new));
    }

    private static final String TABLE = "create table public.orders (id int primary key, part text not null,"
            + " val int not null); create index orders_val on public.orders (val)";

    @ParameterizedTest(name = "partitions on {0} and {1}")
    @MethodSource("majors")
    void twoPartitionsIntoOneFullDatabase(String oldMajor, String newMajor) throws Exception {
        TestDb p1 = TestDb.create(oldMajor, "mpart");
        TestDb p2 = TestDb.create(newMajor, "mpart");
        TestDb full = TestDb.create(newMajor, "mfull");
        TestDb lf = TestDb.create(oldMajor, "mleaf");
        var part1 = Londiste3.node(dir, "l3_part1_q_part1", "l3_part1_q", p1.connstr(), p1.jdbcUrl());
        var part2 = Londiste3.node(dir, "l3_part2_q_part2", "l3_part2_q", p2.connstr(), p2.jdbcUrl());
        var fullRoot = Londiste3.node(dir, "l3_full_q_full1", "l3_full_q", full.connstr(), full.jdbcUrl());
        var merge1 = Londiste3.node(dir, "l3_part1_q_full1", "l3_part1_q", full.connstr(), full.jdbcUrl());
        var merge2 = Londiste3.node(dir, "l3_part2_q_full1", "l3_part2_q", full.connstr(), full.jdbcUrl());
        var leaf = Londiste3.node(dir, "l3_full_q_leaf", "l3_full_q", lf.connstr(), lf.jdbcUrl());
        for (var n : List.of(part1, part2, fullRoot, leaf)) {
            n.sql(TABLE);
        }
        part1.sql("insert into public.orders select 2 * g - 1, 'p1', g from generate_series(1, 3000) g");
        part2.sql("insert into public.orders select 2 * g, 'p2', g from generate_series(1, 3000) g");
        Path ticker1 = ticker("pgqd_old", p1);
        Path ticker2 = ticker("pgqd_new", p2, full);
        List<Londiste3.Node> all = List.of(part1, part2, fullRoot, merge1, merge2, leaf);
        Thread reaper = new Thread(() -> WalkthroughProcessIT.killDaemons(dir.resolve("pid")), "merge-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        List<Thread> writers = List.of(writer(p1, 1, writing, writes), writer(p2, 0, writing, writes));
        assertEquals(0, run("pgqd", "-d", ticker1.toString()).code());
        assertEquals(0, run("pgqd", "-d", ticker2.toString()).code());
        try {
            WalkthroughProcessIT.ok(l3(part1, "create-root", "part1", part1.connstr()));
            WalkthroughProcessIT.ok(l3(part2, "create-root", "part2", part2.connstr()));
            WalkthroughProcessIT.ok(l3(fullRoot, "create-root", "full1", fullRoot.connstr()));

            // refusals, each in one line and nothing changed
            refusedWith(l3(merge1, "create-leaf", "merge_part1_full1", merge1.connstr(),
                    "--provider=" + part1.connstr(), "--merge=l3_nosuch_q"),
                    "this database has no node of queue l3_nosuch_q");
            refusedWith(l3(merge1, "create-leaf", "merge_part1_full1", merge1.connstr(),
                    "--provider=" + part1.connstr(), "--merge=l3_part1_q"),
                    "give the combined queue, another queue than queue_name");
            // --merge is create-leaf's only: create-branch does not know the option (a usage error, exit code 2)
            var branchMerge = l3(merge1, "create-branch", "merge_part1_full1", merge1.connstr(),
                    "--provider=" + part1.connstr(), "--merge=l3_full_q");
            assertEquals(2, branchMerge.code(), branchMerge.toString());
            assertEquals(List.of("londiste3: Unknown option: '--merge=l3_full_q' (see 'londiste3 create-branch --help')"),
                    branchMerge.err().lines().toList());
            assertEquals(List.of("0"), merge1.column("select count(*)::text from pgq_node.node_info"
                    + " where queue_name = 'l3_part1_q'"));

            WalkthroughProcessIT.ok(l3(merge1, "create-leaf", "merge_part1_full1", merge1.connstr(),
                    "--provider=" + part1.connstr(), "--merge=l3_full_q"));
            WalkthroughProcessIT.ok(l3(merge2, "create-leaf", "merge_part2_full1", merge2.connstr(),
                    "--provider=" + part2.connstr(), "--merge=l3_full_q"));
            WalkthroughProcessIT.ok(l3(leaf, "create-leaf", "full_leaf", leaf.connstr(),
                    "--provider=" + fullRoot.connstr()));
            // --merge into a combined queue that is a leaf in this database: refused, nothing changed
            var leafMerge = Londiste3.node(dir, "l3_part1_q_leaf", "l3_part1_q", lf.connstr(), lf.jdbcUrl());
            refused(l3(leafMerge, "create-leaf", "merge_part1_leaf", leafMerge.connstr(),
                    "--provider=" + part1.connstr(), "--merge=l3_full_q"),
                    "--merge=l3_full_q: the combined queue is a leaf here (full_leaf)");
            assertEquals(List.of("0"), leafMerge.column("select count(*)::text from pgq_node.node_info"
                    + " where queue_name = 'l3_part1_q'"));
            assertEquals(List.of("0"), part1.column("select count(*)::text from pgq_node.node_location"
                    + " where queue_name = 'l3_part1_q' and node_name = 'merge_part1_leaf'"));
            for (var n : all) {
                WalkthroughProcessIT.ok(run("londiste3", "-d", n.ini().toString(), "worker"));
            }
            WalkthroughProcessIT.ok(l3(part1, "add-table", "orders"));
            WalkthroughProcessIT.ok(l3(part2, "add-table", "orders"));
            writers.forEach(Thread::start);
            WalkthroughProcessIT.await("both partitions' tables known on the full database", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(fullRoot, "select count(*)::text from londiste.table_info where"
                            + " table_name = 'public.orders' and queue_name like 'l3_part%'").equals(List.of("2")));
            var multi = l3(merge1, "add-table", "orders");
            assertEquals(1, multi.code(), multi.toString());
            assertTrue(multi.err().contains("merge-all or no-merge"), multi.err());
            WalkthroughProcessIT.ok(l3(merge1, "add-table", "orders", "--merge-all"));
            WalkthroughProcessIT.ok(l3(leaf, "add-table", "orders"));

            WalkthroughProcessIT.await("both partitions merged", Duration.ofSeconds(180), () ->
                    WalkthroughProcessIT.q(fullRoot, "select count(*)::text from londiste.table_info where"
                            + " table_name = 'public.orders' and merge_state = 'ok'").equals(List.of("3")));
            WalkthroughProcessIT.await("the leaf's copy", Duration.ofSeconds(180), () ->
                    WalkthroughProcessIT.q(leaf, "select merge_state from londiste.table_info where"
                            + " table_name = 'public.orders'").equals(List.of("ok")));
            long before = writes.get();
            WalkthroughProcessIT.await("writes after the copies", Duration.ofSeconds(60),
                    () -> writes.get() > before + 100);
            writing.set(false);
            for (Thread w : writers) {
                w.join(10_000);
            }
            assertTrue(writes.get() > 0, "a writer failed");

            String rows = "select id::text || ',' || part || ',' || val from public.orders order by id";
            List<String> union = new ArrayList<>(WalkthroughProcessIT.q(part1, rows));
            union.addAll(WalkthroughProcessIT.q(part2, rows));
            union.sort((a, b) -> Integer.compare(Integer.parseInt(a.split(",")[0]), Integer.parseInt(b.split(",")[0])));
            WalkthroughProcessIT.await("merged table = union of the partitions", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(fullRoot, rows).equals(union));
            WalkthroughProcessIT.await("leaf of the combined queue = union", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(leaf, rows).equals(union));
            assertEquals(List.of("1"), fullRoot.column("select count(*)::text from pg_indexes"
                    + " where indexname = 'orders_val'"));

            var info = l3(merge1, "node-info");
            WalkthroughProcessIT.ok(info);
            assertTrue(info.out().contains("Combined Queue: l3_full_q"), info.out());
            var rootInfo = l3(fullRoot, "node-info");
            WalkthroughProcessIT.ok(rootInfo);
            assertTrue(rootInfo.out().contains("Target for: l3_part1_q, l3_part2_q"), rootInfo.out());
            var status = l3(fullRoot, "status");
            WalkthroughProcessIT.ok(status);
            assertTrue(status.out().contains("full_leaf"), status.out());

            // --sync-watermark misuse: an unknown node, a leaf
            var b2 = branch(oldMajor, "b2");
            refusedWith(createBranch(b2, "b2", fullRoot, "nosuch"), "node nosuch is not a member of queue l3_full_q");
            refusedWith(createBranch(b2, "b2", fullRoot, "full_leaf"), "node full_leaf is a leaf");
            assertEquals(List.of("0"), b2.column("select count(*)::text from pg_namespace where nspname = 'pgq_node'"));
            // a branch listing the root syncs with it; the list is what status shows
            WalkthroughProcessIT.ok(createBranch(b2, "b2", fullRoot, "b2,full1"));
            assertStatusShows(b2, "Attr: sync_watermark=b2,full1");
            // a later branch listing b2 is added to b2's own list, so the two hold each other's watermark
            var b3 = branch(oldMajor, "b3");
            WalkthroughProcessIT.ok(createBranch(b3, "b3", fullRoot, "b2"));
            assertStatusShows(b2, "Attr: sync_watermark=b2,full1,b3");
            // a list naming no other node, and a dead node in the list: refused, nothing changed
            var b4 = branch(oldMajor, "b4");
            refused(createBranch(b4, "b4", fullRoot, "b4"), "--sync-watermark=b4: name the other branches");
            WalkthroughProcessIT.ok(l3(fullRoot, "tag-dead", "b3"));
            refused(createBranch(b4, "b4", fullRoot, "b4,b3"), "--sync-watermark: node b3 is tagged dead");
            assertEquals(List.of("0"), b4.column("select count(*)::text from pg_namespace where nspname = 'pgq_node'"));
            assertEquals(List.of("0"), fullRoot.column("select count(*)::text from pgq_node.node_location"
                    + " where queue_name = 'l3_full_q' and node_name = 'b4'"));
            var b2still = l3(b2, "status");
            WalkthroughProcessIT.ok(b2still);
            assertTrue(b2still.out().contains("Attr: sync_watermark=b2,full1,b3\n")
                    || b2still.out().contains("Attr: sync_watermark=b2,full1,b3\r"), b2still.out());
        } finally {
            writing.set(false);
            for (var n : all) {
                run("londiste3", n.ini().toString(), "worker", "-s");
            }
            run("pgqd", "-s", ticker1.toString());
            run("pgqd", "-s", ticker2.toString());
            WalkthroughProcessIT.killDaemons(dir.resolve("pid"));
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    /** A refusal: exit code 1, one line on stderr containing {@code text}. */
    private static void refused(WalkthroughProcessIT.Result r, String text) {
        refusedWith(r, text);
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** A refusal: exit code 1, stderr containing {@code text}. */
    private static void refusedWith(WalkthroughProcessIT.Result r, String text) {
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(text), r.err());
    }

    /** The ini of a branch {@code name} of the combined queue, in a fresh database of its own. */
    private Londiste3.Node branch(String major, String name) {
        TestDb db = TestDb.create(major, "mbranch");
        return Londiste3.node(dir, "l3_full_q_" + name, "l3_full_q", db.connstr(), db.jdbcUrl());
    }

    /** {@code create-branch} of node {@code name} under the combined root, with {@code --sync-watermark}. */
    private WalkthroughProcessIT.Result createBranch(Londiste3.Node n, String name, Londiste3.Node root,
                                                     String syncWatermark) throws Exception {
        return l3(n, "create-branch", name, n.connstr(), "--provider=" + root.connstr(),
                "--sync-watermark=" + syncWatermark);
    }

    /** {@code status} of the node succeeds and its output contains {@code text}. */
    private void assertStatusShows(Londiste3.Node n, String text) throws Exception {
        var status = l3(n, "status");
        WalkthroughProcessIT.ok(status);
        assertTrue(status.out().contains(text), status.out());
    }

    private Path ticker(String name, TestDb... dbs) throws Exception {
        Path ini = dir.resolve(name + ".ini");
        StringBuilder names = new StringBuilder();
        for (TestDb d : dbs) {
            names.append(names.length() == 0 ? "" : ", ").append(d.name());
        }
        Files.writeString(ini, "[pgqd]\nbase_connstr = host=localhost port=" + dbs[0].port() + " user=postgres\n"
                + "database_list = " + names + "\nlogfile = " + dir + "/log/" + name + ".log\npidfile = " + dir
                + "/pid/" + name + ".pid\n");
        return ini;
    }

    /** Inserts rows of its own parity, updates and deletes its own rows, until told to stop. */
    private static Thread writer(TestDb db, int parity, AtomicBoolean writing, AtomicLong writes) {
        return new Thread(() -> {
            Random r = new Random(parity);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
                 Statement st = c.createStatement()) {
                int next = parity == 1 ? 6001 : 6002;
                while (writing.get()) {
                    int id = 2 * (1 + r.nextInt(3000)) - parity;
                    switch (r.nextInt(4)) {
                        case 0 -> st.execute("delete from public.orders where id = " + id);
                        case 1 -> st.execute("update public.orders set val = val + 1 where id = " + id);
                        default -> {
                            st.execute("insert into public.orders values (" + next + ", 'p" + (2 - parity) + "', 0)");
                            next += 2;
                        }
                    }
                    writes.incrementAndGet();
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                writes.set(Long.MIN_VALUE);
            }
        }, "merge-writer-" + parity);
    }
}
