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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A partitioned table replicated whole through the launchers, as a user does it (SPEC.md 6.10): pgqd and both
 * workers as {@code -d} daemons, {@code add-table --all} on the root (the parent, never its partitions), {@code
 * add-table --all --create} on the leaf (a partitioned table with its partitions on 11+, one plain table with the
 * primary key on 9.6, and it says so), the copy under a writer that moves rows between partitions, then {@code
 * compare}, {@code repair} of a difference made on purpose, a TRUNCATE of the parent, and an independent
 * row-by-row check.
 */
class PartitionsProcessIT {
    @TempDir
    Path dir;

    /** 18 -> 9.6 (the rollback path), 18 -> 18 and 10 -> 18 (no key on a partitioned table of 10). */
    static List<Arguments> pairs() {
        var set = new LinkedHashSet<List<String>>();
        set.add(List.of(PgServers.newest(), PgServers.oldest()));
        set.add(List.of(PgServers.newest(), PgServers.newest()));
        set.add(List.of("10", PgServers.newest()));
        var out = new ArrayList<Arguments>();
        set.forEach(p -> out.add(Arguments.of(p.get(0), p.get(1))));
        return out;
    }

    static int major(String v) {
        return Integer.parseInt(v.split("\\.")[0]);
    }

    private WalkthroughProcessIT.Result run(String program, String... args) throws Exception {
        return WalkthroughProcessIT.run(dir, program, args);
    }

    @ParameterizedTest(name = "root on {0}, leaf on {1}")
    @MethodSource("pairs")
    void partitionedTableThroughTheLaunchers(String rootMajor, String leafMajor) throws Exception {
        assumeTrue(major(rootMajor) >= 10, "a partitioned source needs PostgreSQL 10");
        boolean ten = major(rootMajor) < 11;
        TestDb src = TestDb.create(rootMajor, "papp");
        TestDb dst = TestDb.create(leafMajor, "papp");
        var master = Londiste3.node(dir, "master", "pq", src.connstr(), src.jdbcUrl());
        var slave = Londiste3.node(dir, "slave", "pq", dst.connstr(), dst.jdbcUrl());
        master.sql("create table public.pt (id int not null, k int not null, v text"
                        + (ten ? "" : ", primary key (id, k)") + ") partition by range (k)",
                "create table public.pt_a partition of public.pt for values from (0) to (100)",
                "create table public.pt_b partition of public.pt for values from (100) to (200) partition by range (id)",
                "create table public.pt_b1 partition of public.pt_b for values from (minvalue) to (1000)",
                "create table public.pt_b2 partition of public.pt_b for values from (1000) to (maxvalue)",
                "create table public.plain (id int primary key, v text)",
                "insert into public.plain select g, 'p' || g from generate_series(1, 100) g");
        if (ten) {
            master.sql("alter table public.pt_a add primary key (id, k)", "alter table public.pt_b1 add primary key"
                    + " (id, k)", "alter table public.pt_b2 add primary key (id, k)");
        }
        master.sql("insert into public.pt select g, g % 200, 'v' || g from generate_series(1, 3000) g");
        Path ticker = dir.resolve("ticker.ini");
        Files.writeString(ticker, "[pgqd]\nbase_connstr = host=localhost port=" + src.port() + " user=postgres\n"
                + "database_list = " + src.name() + "\nlogfile = " + dir + "/log/pgqd.log\npidfile = " + dir
                + "/pid/pgqd.pid\n");
        Thread reaper = new Thread(() -> WalkthroughProcessIT.killDaemons(dir.resolve("pid")), "partitions-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            Random r = new Random(3);
            try (Connection w = DriverManager.getConnection(src.jdbcUrl(), "postgres", "");
                 Statement st = w.createStatement()) {
                int next = 5000;
                while (writing.get()) {
                    int id = 1 + r.nextInt(3000);
                    int k = r.nextInt(200);
                    switch (r.nextInt(4)) {
                        case 0 -> st.execute("insert into public.pt values (" + next++ + ", " + k + ", 'w')");
                        case 1 -> st.execute("delete from public.pt where id = " + id);
                        // a row moved to the other partition (10 cannot move one: delete and insert)
                        default -> st.execute(ten
                                ? "with d as (delete from public.pt where id = " + id + " returning id, k, v)"
                                        + " insert into public.pt select id, 100 - k / 100 * 100 + " + (k % 100)
                                        + ", v || 'm' from d"
                                : "update public.pt set k = 100 - k / 100 * 100 + " + (k % 100) + ", v = v || 'm'"
                                        + " where id = " + id);
                    }
                    writes.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                writes.set(Long.MIN_VALUE);
            }
        }, "partitions-writer");
        try {
            WalkthroughProcessIT.startRootAndLeaf(dir, ticker, master, slave);
            var part = run("londiste3", master.ini().toString(), "add-table", "pt_a");
            assertEquals(1, part.code(), part.out() + part.err());
            assertTrue(part.err().contains("is a partition; partitioned tables are replicated whole: public.pt_a;"
                    + " add the partitioned parent table instead"), part.err());
            WalkthroughProcessIT.ok(run("londiste3", master.ini().toString(), "add-table", "--all"));
            assertEquals(List.of("public.plain", "public.pt"), master.column(
                    "select table_name from londiste.get_table_list('pq') where local order by 1"));
            writer.start();
            var created = run("londiste3", slave.ini().toString(), "add-table", "--all", "--create");
            WalkthroughProcessIT.ok(created);
            if (major(leafMajor) >= 11) {
                assertEquals(List.of("p"), slave.column("select relkind::text from pg_class where oid = "
                        + "'public.pt'::regclass"));
                assertEquals(List.of("pt_a", "pt_b", "pt_b1", "pt_b2"), slave.column("select c.relname::text"
                        + " from pg_class c where c.relispartition and c.relkind in ('r', 'p') order by 1"));
            } else {
                assertEquals(List.of("r"), slave.column("select relkind::text from pg_class where oid = "
                        + "'public.pt'::regclass"));
                assertTrue(slave.log().contains("partitioned on the provider, created as one plain table"),
                        slave.log());
            }
            WalkthroughProcessIT.await("the copy", Duration.ofSeconds(120), () -> WalkthroughProcessIT.q(slave,
                    "select string_agg(merge_state, ',') from londiste.get_table_list('pq') where local")
                    .equals(List.of("ok,ok")));
            long before = writes.get();
            WalkthroughProcessIT.await("writes after the copy", Duration.ofSeconds(60),
                    () -> writes.get() > before + 200);
            writing.set(false);
            writer.join(10_000);
            assertTrue(writes.get() > 0, "the writer failed");

            String rows = "select id::text || ',' || k || ',' || coalesce(v, '~') from public.pt order by id, k";
            WalkthroughProcessIT.await("pt equal row by row", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(master, rows).equals(WalkthroughProcessIT.q(slave, rows)));
            var cmp = run("londiste3", slave.ini().toString(), "compare");
            assertEquals(0, cmp.code(), cmp.out() + cmp.err());
            assertTrue(cmp.out().contains("public.pt: ok"), cmp.out());

            // a difference made behind replication's back: compare finds it, repair puts it right
            slave.sql("set session_replication_role = replica; delete from public.pt where id = 7;"
                    + " update public.pt set v = 'wrong' where id = 8; insert into public.pt values (99999, 150, 'x');"
                    + " reset session_replication_role");
            var diff = run("londiste3", slave.ini().toString(), "compare", "pt");
            assertEquals(3, diff.code(), diff.out() + diff.err());
            assertTrue(diff.out().contains("public.pt: DIFFERENT"), diff.out());
            var rep = run("londiste3", slave.ini().toString(), "repair", "pt", "--apply");
            assertEquals(0, rep.code(), rep.out() + rep.err());
            assertEquals(WalkthroughProcessIT.q(master, rows), WalkthroughProcessIT.q(slave, rows),
                    "pt equal after repair");

            master.sql("truncate public.pt", "insert into public.pt select g, g % 200, 't' || g"
                    + " from generate_series(1, 50) g");
            WalkthroughProcessIT.await("TRUNCATE and the new rows", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(master, rows).equals(WalkthroughProcessIT.q(slave, rows)));
            assertEquals(List.of("50"), slave.column("select count(*)::text from public.pt"));
        } finally {
            writing.set(false);
            run("londiste3", slave.ini().toString(), "worker", "-s");
            run("londiste3", master.ini().toString(), "worker", "-s");
            run("pgqd", "-s", ticker.toString());
            WalkthroughProcessIT.killDaemons(dir.resolve("pid"));
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }
}
