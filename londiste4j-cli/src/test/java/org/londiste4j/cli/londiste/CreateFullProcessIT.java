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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code add-table --all --create-full} on a leaf whose database is empty (issue 3): a sequence that only a column
 * default uses ({@code default nextval('invoice_no')}) is created before its table, and the foreign keys among the
 * tables are all there although the referencing table ({@code order_lines}) comes before the one it references
 * ({@code orders}) in name order. Then the copy under a writer (the worker parks and restores those keys) and
 * replication, row by row; {@code add-seq --all} needs no {@code --create} any more.
 */
class CreateFullProcessIT {
    @TempDir
    Path dir;

    /** Oldest to newest and back (9.6 -> 18 and 18 -> 9.6 by default). */
    static List<Arguments> pairs() {
        var set = new LinkedHashSet<List<String>>();
        set.add(List.of(PgServers.oldest(), PgServers.newest()));
        set.add(List.of(PgServers.newest(), PgServers.oldest()));
        var out = new ArrayList<Arguments>();
        set.forEach(p -> out.add(Arguments.of(p.get(0), p.get(1))));
        return out;
    }

    private WalkthroughProcessIT.Result run(String program, String... args) throws Exception {
        return WalkthroughProcessIT.run(dir, program, args);
    }

    private static final String FKEYS = "select conrelid::regclass::text || ':' || conname::text || '>'"
            + " || confrelid::regclass::text from pg_constraint where contype = 'f'"
            + " and connamespace = (select oid from pg_namespace where nspname = 'public') order by 1";

    @ParameterizedTest(name = "root on {0}, leaf on {1}")
    @MethodSource("pairs")
    void createFullBuildsSequencesAndForeignKeys(String rootMajor, String leafMajor) throws Exception {
        TestDb src = TestDb.create(rootMajor, "cfapp");
        TestDb dst = TestDb.create(leafMajor, "cfapp");
        var master = Londiste3.node(dir, "master", "cq", src.connstr(), src.jdbcUrl());
        var slave = Londiste3.node(dir, "slave", "cq", dst.connstr(), dst.jdbcUrl());
        master.sql("create sequence public.invoice_no start 100000",
                "create table public.customers (id serial primary key, name text not null)",
                "create table public.orders (id bigserial primary key, customer_id int not null references"
                        + " public.customers, invoice bigint not null default nextval('invoice_no'), note text)",
                "create table public.order_lines (order_id bigint not null references public.orders on delete"
                        + " cascade, line int not null, qty int not null check (qty > 0),"
                        + " primary key (order_id, line))",
                "insert into public.customers (name) select 'c' || g from generate_series(1, 20) g",
                "insert into public.orders (customer_id, note) select 1 + g % 20, 'o' || g"
                        + " from generate_series(1, 500) g",
                "insert into public.order_lines select o.id, l, l from public.orders o, generate_series(1, 3) l");
        Path ticker = dir.resolve("ticker.ini");
        Files.writeString(ticker, "[pgqd]\nbase_connstr = host=localhost port=" + src.port() + " user=postgres\n"
                + "database_list = " + src.name() + "\nlogfile = " + dir + "/log/pgqd.log\npidfile = " + dir
                + "/pid/pgqd.pid\n");
        Thread reaper = new Thread(() -> WalkthroughProcessIT.killDaemons(dir.resolve("pid")), "createfull-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection w = DriverManager.getConnection(src.jdbcUrl(), "postgres", "");
                 Statement st = w.createStatement()) {
                int n = 0;
                while (writing.get()) {
                    // an order and its lines in one transaction: the leaf sees them together, keys and all
                    st.execute("with o as (insert into public.orders (customer_id, note) values (" + (1 + n % 20)
                            + ", 'w') returning id) insert into public.order_lines select o.id, l, l"
                            + " from o, generate_series(1, 2) l");
                    if (n % 7 == 0) {
                        st.execute("delete from public.orders where id = (select min(id) from public.orders)");
                    }
                    n++;
                    writes.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                writes.set(Long.MIN_VALUE);
            }
        }, "createfull-writer");
        try {
            WalkthroughProcessIT.startRootAndLeaf(dir, ticker, master, slave);
            WalkthroughProcessIT.ok(run("londiste3", master.ini().toString(), "add-table", "--all"));
            WalkthroughProcessIT.ok(run("londiste3", master.ini().toString(), "add-seq", "--all"));
            writer.start();

            var created = run("londiste3", slave.ini().toString(), "add-table", "--all", "--create-full");
            WalkthroughProcessIT.ok(created);
            assertEquals(List.of("S"), slave.column("select relkind::text from pg_class where oid ="
                    + " 'public.invoice_no'::regclass"));
            assertTrue(slave.log().contains("sequence public.invoice_no: created for the column defaults of table"
                    + " public.orders"), slave.log());
            assertTrue(!slave.log().contains("not created"), "no key left out: " + slave.log());
            List<String> keys = List.of("order_lines:order_lines_order_id_fkey>orders",
                    "orders:orders_customer_id_fkey>customers");
            // the worker may already have parked a key for the copy: the keys are there or pending
            assertEquals(keys, WalkthroughProcessIT.q(slave, "select x from (" + FKEYS.replace(" order by 1", "")
                    + " union all select replace(from_table, 'public.', '') || ':' || fkey_name || '>'"
                    + " || replace(to_table, 'public.', '') from londiste.pending_fkeys) k(x) order by 1"));
            WalkthroughProcessIT.ok(run("londiste3", slave.ini().toString(), "add-seq", "--all"));

            WalkthroughProcessIT.await("the copy", Duration.ofSeconds(120), () -> WalkthroughProcessIT.q(slave,
                    "select string_agg(merge_state, ',') from londiste.get_table_list('cq') where local")
                    .equals(List.of("ok,ok,ok")));
            long before = writes.get();
            WalkthroughProcessIT.await("writes after the copy", Duration.ofSeconds(60),
                    () -> writes.get() > before + 100);
            writing.set(false);
            writer.join(10_000);
            assertTrue(writes.get() > 0, "the writer failed");

            for (String t : List.of("customers", "orders", "order_lines")) {
                String rows = "select t::text from public." + t + " t order by 1";
                WalkthroughProcessIT.await(t + " equal row by row", Duration.ofSeconds(60),
                        () -> WalkthroughProcessIT.q(master, rows).equals(WalkthroughProcessIT.q(slave, rows)));
            }
            WalkthroughProcessIT.await("the keys restored after the copy", Duration.ofSeconds(60),
                    () -> WalkthroughProcessIT.q(slave, FKEYS).equals(keys));
            WalkthroughProcessIT.await("invoice_no replicated", Duration.ofSeconds(60),
                    () -> Long.parseLong(WalkthroughProcessIT.q(slave, "select last_value::text from"
                            + " public.invoice_no").get(0)) >= 100500);
            var cmp = run("londiste3", slave.ini().toString(), "compare");
            assertEquals(0, cmp.code(), cmp.out() + cmp.err());
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
