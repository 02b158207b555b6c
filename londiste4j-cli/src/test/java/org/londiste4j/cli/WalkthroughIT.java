package org.londiste4j.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.cli.ShopTables.QUEUE;
import static org.londiste4j.cli.ShopTables.TABLES;
import static org.londiste4j.cli.ShopTables.allTablesOk;
import static org.londiste4j.cli.ShopTables.lastValue;
import static org.londiste4j.cli.ShopTables.rows;

/**
 * The user story of SPEC.md section 1, verbatim, through the launchers ({@code bin/pgqd}, {@code bin/londiste3}:
 * every call a new process, daemons with {@code -d}), from an old major to a new one and back, while an
 * application keeps writing during the initial copy and after it. The ini files have the walkthrough's shape:
 * no section header line, job names from the file names. At the end an independent check (not the tool's own
 * compare): every table equal row by row on both sides, sequences on the subscriber not behind the source.
 */
class WalkthroughIT {

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        String old = PgServers.oldest();
        String young = PgServers.newest();
        return old.equals(young) ? Stream.of(Arguments.of(old, young))
                : Stream.of(Arguments.of(old, young), Arguments.of(young, old));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldUpgradeALiveDatabaseAsTheWalkthroughDoes(String sourceMajor, String targetMajor) throws Exception {
        TestDb src = TestDb.create(sourceMajor, "myapp");
        TestDb dst = TestDb.create(targetMajor, "myapp");
        createSchema(src, true);
        createSchema(dst, false); // the walkthrough's schema-only dump loaded on the new server

        Path ticker = ini("ticker.ini", "[pgqd]\nbase_connstr = " + baseConnstr(src) + "\ndatabase_list = "
                + dbName(src) + "\nlogfile = " + dir + "/log/ticker.log\npidfile = " + dir + "/pid/ticker.pid\n");
        Path master = ini("master.ini", londisteIni(src));
        Path slave = ini("slave.ini", londisteIni(dst));

        Writer writer = new Writer(src);
        try {
            ok(Launcher.run(dir, "pgqd", "-d", ticker.toString()));
            ok(Launcher.run(dir, "londiste3", master.toString(), "create-root", "master", src.connstr()));
            ok(Launcher.run(dir, "londiste3", "-d", master.toString(), "worker"));
            ok(Launcher.run(dir, "londiste3", slave.toString(), "create-leaf", "slave", dst.connstr(),
                    "--provider=" + src.connstr()));
            ok(Launcher.run(dir, "londiste3", "-d", slave.toString(), "worker"));
            writer.start();
            ok(Launcher.run(dir, "londiste3", master.toString(), "add-table", "--all"));
            ok(Launcher.run(dir, "londiste3", master.toString(), "add-seq", "--all"));
            ok(Launcher.run(dir, "londiste3", slave.toString(), "add-table", "--all"));
            ok(Launcher.run(dir, "londiste3", slave.toString(), "add-seq", "--all"));
            awaitTrue(Duration.ofMinutes(3), "every table ok on the subscriber", () -> allTablesOk(dst));
            ok(Launcher.run(dir, "londiste3", slave.toString(), "resync", "--all"));
            awaitTrue(Duration.ofMinutes(3), "every table ok again after resync", () -> allTablesOk(dst));

            Launcher.Result status = ok(Launcher.run(dir, "londiste3", slave.toString(), "status"));
            assertTrue(status.out().contains("master") && status.out().contains("slave"), status.out());
            assertTrue(status.out().contains("Tables: 4/0/0"), status.out());
            assertTrue(!status.out().contains("password"), status.out());

            // the application goes on writing after the copy; then it stops and the subscriber catches up
            long afterCopy = writer.done.get();
            awaitTrue(Duration.ofSeconds(60), "writes after the copy", () -> writer.done.get() > afterCopy + 50);
            writer.stop();
            ok(Launcher.run(dir, "londiste3", slave.toString(), "compare"));
            awaitCaughtUp(src, dst);
            assertTablesEqual(src, dst);
            assertSequencesNotBehind(src, dst);
            // the worker's position switches: --rewind puts the provider's position back to the tick the leaf has
            // completed (the same one here, so nothing is replayed twice); --reset records the provider's position
            ok(Launcher.run(dir, "londiste3", slave.toString(), "worker", "--rewind"));
            ok(Launcher.run(dir, "londiste3", slave.toString(), "worker", "--reset"));
            assertTrue(Files.readString(dir.resolve("log/slave.log")).contains("rewound to tick"));
            awaitCaughtUp(src, dst);
            assertTablesEqual(src, dst);
            assertTrue(Files.readString(dir.resolve("log/master.log"))
                    .contains("Node \"master\" initialized for queue \"" + QUEUE + "\" with type \"root\""));
            assertTrue(Files.readString(dir.resolve("log/slave.log"))
                    .contains("Node \"slave\" initialized for queue \"" + QUEUE + "\" with type \"leaf\""));
        } finally {
            writer.stop();
            Launcher.run(dir, "londiste3", "-s", slave.toString());
            Launcher.run(dir, "londiste3", "-s", master.toString());
            Launcher.run(dir, "pgqd", "-s", ticker.toString());
        }
        if (writer.failure.get() != null) {
            throw new AssertionError("the application's writes failed", writer.failure.get());
        }
    }

    private String londisteIni(TestDb db) {
        // the walkthrough's keys, no [section] line
        return "db = " + db.connstr() + "\nqueue_name = " + QUEUE + "\nloop_delay = 0.2\nlogfile = " + dir
                + "/log/%(job_name)s.log\npidfile = " + dir + "/pid/%(job_name)s.pid\n";
    }

    private Path ini(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, body);
        return f;
    }

    private static Launcher.Result ok(Launcher.Result r) {
        System.out.printf("walkthrough: %s -> %d%n", String.join(" ", r.command().subList(1, r.command().size()))
                .replaceAll("\\S*/", ""), r.code());
        assertEquals(0, r.code(), () -> r.command() + " failed:\n" + r.out() + r.err());
        return r;
    }

    /** A small shop: serial keys, a composite key, a quoted name in a second schema, an insert-only log. */
    private static void createSchema(TestDb db, boolean withData) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create schema shop");
            st.execute("create table customers (id serial primary key, name text not null, email text,"
                    + " created timestamptz not null default now())");
            st.execute("create table orders (id bigserial primary key, customer_id int not null references"
                    + " customers, total numeric(12,2), note text, placed date)");
            st.execute("create table shop.\"Order Lines\" (order_id bigint not null, line int not null,"
                    + " item text, qty int, primary key (order_id, line))");
            st.execute("create table audit_log (id bigserial primary key, what text, at timestamp default now())");
            st.execute("create index on orders (customer_id)");
            if (withData) {
                st.execute("insert into customers (name, email) select 'customer ' || i,"
                        + " case when i % 3 = 0 then null else 'c' || i || '@example.com' end"
                        + " from generate_series(1, 2000) i");
                st.execute("insert into orders (customer_id, total, note, placed) select 1 + i % 2000,"
                        + " i * 1.25, case when i % 5 = 0 then '' else 'note ''' || i || '''&x=1' end,"
                        + " date '2020-01-01' + i % 900 from generate_series(1, 5000) i");
                st.execute("insert into shop.\"Order Lines\" select o, l, 'item ' || o || '/' || l, l"
                        + " from generate_series(1, 3000) o, generate_series(1, 3) l");
                st.execute("insert into audit_log (what) select 'boot ' || i from generate_series(1, 500) i");
            }
        }
    }

    /** The application: small transactions of every kind, until stopped. */
    private static final class Writer implements Runnable {
        final TestDb db;
        final AtomicLong done = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private Thread thread;

        Writer(TestDb db) {
            this.db = db;
        }

        void start() {
            thread = new Thread(this, "app-writer");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(30_000);
            }
        }

        @Override
        public void run() {
            Random rnd = new Random(42);
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    while (running) {
                        int k = 1 + rnd.nextInt(2000);
                        st.execute("insert into customers (name) values ('new " + k + "')");
                        st.execute("update orders set total = total + 1, note = 'upd " + k + "' where id = "
                                + (1 + rnd.nextInt(5000)));
                        st.execute("insert into orders (customer_id, total) values (" + k + ", " + k + ".5)");
                        st.execute("delete from shop.\"Order Lines\" where order_id = " + (1 + rnd.nextInt(3000))
                                + " and line = " + (1 + rnd.nextInt(3)));
                        st.execute("insert into shop.\"Order Lines\" values (" + (3000 + done.get()) + ", 1, 'x',"
                                + " 1) on conflict do nothing");
                        st.execute("insert into audit_log (what) values ('tx " + done.get() + "')");
                        c.commit();
                        done.incrementAndGet();
                        Thread.sleep(5);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    private static void awaitCaughtUp(TestDb src, TestDb dst) throws Exception {
        long tick;
        try (Connection c = src.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pgq.force_tick('" + QUEUE + "')")) {
            rs.next();
            tick = rs.getLong(1);
        }
        awaitTrue(Duration.ofMinutes(2), "the leaf to complete tick " + tick, () -> {
            try (Connection c = dst.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select last_tick_id from pgq_node.local_state where queue_name = '"
                         + QUEUE + "'")) {
                return rs.next() && rs.getLong(1) >= tick;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private static void assertTablesEqual(TestDb src, TestDb dst) throws SQLException {
        for (String t : TABLES) {
            List<String> a = rows(src, t);
            List<String> b = rows(dst, t);
            assertEquals(a.size(), b.size(), "row count of " + t);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), "row " + i + " of " + t);
            }
            assertTrue(a.size() > 0, t + " is empty");
        }
    }

    private static void assertSequencesNotBehind(TestDb src, TestDb dst) throws SQLException {
        for (String seq : List.of("customers_id_seq", "orders_id_seq", "audit_log_id_seq")) {
            long a = lastValue(src, seq);
            long b = lastValue(dst, seq);
            assertTrue(b >= a, seq + " on the subscriber (" + b + ") is behind the source (" + a + ")");
        }
    }

    private static String dbName(TestDb db) {
        return db.connstr().replaceAll(".*dbname=(\\S+).*", "$1");
    }

    private static String baseConnstr(TestDb db) {
        return db.connstr().replaceAll("\\s*dbname=\\S+", "");
    }

    private static void awaitTrue(Duration limit, String what, BooleanSupplier cond) throws InterruptedException {
        Duration took = ShopTables.awaitTrue(limit, what, cond);
        System.out.printf("walkthrough: %s after %.1f s%n", what, took.toNanos() / 1e9);
    }
}
