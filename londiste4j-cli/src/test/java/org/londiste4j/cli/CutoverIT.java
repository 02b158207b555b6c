package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.cli.ShopTables.QUEUE;
import static org.londiste4j.cli.ShopTables.TABLES;
import static org.londiste4j.cli.ShopTables.allTablesOk;
import static org.londiste4j.cli.ShopTables.lastValue;
import static org.londiste4j.cli.ShopTables.rows;
import static org.londiste4j.cli.ShopTables.awaitTrue;

/**
 * docs/cutover.md, run: after the walkthrough (a root on the old major, a leaf on the new one, pgqd and both
 * workers as daemons through {@code bin/}), every command of the page's {@code sh} blocks in the page's order and
 * exactly as written there, while an application writes. The application moves to the other server when the one it
 * writes to refuses (as a retrying application would); the longest gap between two of its commits around each
 * takeover is the write pause, which must stay under 2 s. After each step, with the writer held: every table equal
 * row by row on both sides (an independent check, not the tool's compare), sequences on the root at or past the
 * other side's, and writes through replicated tables refused on the subscriber.
 */
class CutoverIT {
    private static final List<String> SEQS = List.of("customers_id_seq", "orders_id_seq", "audit_log_id_seq");
    /** The commands of the page, in its order: a change on either side fails this test. */
    private static final List<String> PAGE = List.of(
            "pgqd -d ticker-new.ini",
            "londiste3 slave.ini status",
            "londiste3 slave.ini compare",
            "londiste3 slave.ini takeover master",
            "londiste3 slave.ini status",
            "londiste3 master.ini compare",
            "londiste3 master.ini takeover slave",
            "londiste3 master.ini status",
            "londiste3 slave.ini compare");
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(PgServers.oldest(), PgServers.newest()));
    }

    /** The commands in the {@code sh} blocks of docs/cutover.md. */
    static List<String> pageCommands() throws IOException {
        Path page = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docs/cutover.md"))) {
                page = p.resolve("docs/cutover.md");
                break;
            }
        }
        assertTrue(page != null, "docs/cutover.md not found above " + Path.of("").toAbsolutePath());
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(page));
        while (m.find()) {
            m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
        }
        return out;
    }

    @Test
    void thePageShouldHoldExactlyTheCommandsThisTestRuns() throws IOException {
        assertEquals(PAGE, pageCommands());
    }

    @ParameterizedTest(name = "{0} -> {1} and back")
    @MethodSource("pairs")
    void shouldSwitchTheRootToTheNewServerAndBackUnderAWriter(String oldMajor, String newMajor) throws Exception {
        TestDb src = TestDb.create(oldMajor, "myapp");
        TestDb dst = TestDb.create(newMajor, "myapp");
        createSchema(src, true);
        createSchema(dst, false);
        ini("ticker.ini", tickerIni(src, "ticker"));
        ini("ticker-new.ini", tickerIni(dst, "ticker-new"));
        ini("master.ini", londisteIni(src));
        ini("slave.ini", londisteIni(dst));
        Iterator<String> page = pageCommands().iterator();
        Writer writer = new Writer(src, dst);
        try {
            ok(run("pgqd -d ticker.ini"));
            ok(Launcher.run(dir, "londiste3", "master.ini", "create-root", "master", src.connstr()));
            ok(run("londiste3 -d master.ini worker"));
            ok(Launcher.run(dir, "londiste3", "slave.ini", "create-leaf", "slave", dst.connstr(),
                    "--provider=" + src.connstr()));
            ok(run("londiste3 -d slave.ini worker"));
            writer.start();
            ok(run("londiste3 master.ini add-table --all"));
            ok(run("londiste3 master.ini add-seq --all"));
            ok(run("londiste3 slave.ini add-table --all"));
            ok(run("londiste3 slave.ini add-seq --all"));
            awaitTrue(Duration.ofMinutes(3), "every table ok on the new server", () -> allTablesOk(dst));
            writer.awaitMore(50);

            // 1. before the switch
            ok(step(page, "pgqd -d ticker-new.ini"));
            Launcher.Result st = ok(step(page, "londiste3 slave.ini status"));
            assertTrue(st.out().contains("Tables: 4/0/0"), st.out());
            checkpoint(writer, src, dst, "before the switch");
            ok(step(page, "londiste3 slave.ini compare"));

            // 2. + 3. the switch; the writer moves to the new server when the old one refuses
            Launcher.Result t = timed(writer, () -> step(page, "londiste3 slave.ini takeover master"));
            assertTrue(t.out().startsWith("Takeover master -> slave: slave is the root from tick "), t.out());
            assertTrue(t.out().contains("Sequence public.customers_id_seq: master handed out "), t.out());
            for (String seq : SEQS) {
                // each goes on just past the old root's last value, unless the new server used it (the writer's
                // inserts refused there during the switch took values): then the line says why it was kept
                var m = Pattern.compile("Sequence public\\." + seq + ": master handed out (\\d+); "
                        + "slave had (\\d+), now (\\d+)( \\(kept: its value \\d+ is not the one replication set "
                        + "here \\(\\d+\\): it was used on this node\\))?\n").matcher(t.out());
                assertTrue(m.find(), t.out());
                assertEquals(m.group(4) == null ? m.group(1) : m.group(2), m.group(3), t.out());
            }
            assertTrue(!t.out().contains("WARNING"), t.out());
            writer.awaitMore(50);
            assertEquals(dst, writer.target.get(), "the application writes to the new server");

            // 4. the old server follows the new one
            Launcher.Result st2 = ok(step(page, "londiste3 slave.ini status"));
            assertTrue(st2.out().contains("slave (root)"), st2.out());
            assertTrue(st2.out().contains("master (branch)"), st2.out());
            checkpoint(writer, dst, src, "after the switch");
            ok(step(page, "londiste3 master.ini compare"));

            // 5. the way back
            Launcher.Result back = timed(writer, () -> step(page, "londiste3 master.ini takeover slave"));
            assertTrue(back.out().startsWith("Takeover slave -> master: master is the root from tick "), back.out());
            writer.awaitMore(50);
            assertEquals(src, writer.target.get(), "the application writes to the old server again");
            Launcher.Result st3 = ok(step(page, "londiste3 master.ini status"));
            assertTrue(st3.out().contains("master (root)"), st3.out());
            assertTrue(st3.out().contains("slave (branch)"), st3.out());
            checkpoint(writer, src, dst, "after the way back");
            ok(step(page, "londiste3 slave.ini compare"));
            assertTrue(!page.hasNext(), "the page has more commands than this test runs");
            System.out.printf("cutover %s -> %s: write pauses %s (%d transactions)%n", oldMajor, newMajor,
                    writer.pauses, writer.done.get());
        } finally {
            writer.stop();
            Launcher.run(dir, "londiste3", "-s", "slave.ini");
            Launcher.run(dir, "londiste3", "-s", "master.ini");
            Launcher.run(dir, "pgqd", "-s", "ticker.ini");
            Launcher.run(dir, "pgqd", "-s", "ticker-new.ini");
        }
        if (writer.failure.get() != null) {
            throw new AssertionError("the application's writes failed", writer.failure.get());
        }
    }

    private interface Step {
        Launcher.Result run() throws Exception;
    }

    /** Runs a takeover and records the longest gap between two of the writer's commits while it ran. */
    private static Launcher.Result timed(Writer writer, Step s) throws Exception {
        writer.window(true);
        Launcher.Result r;
        try {
            r = ok(s.run());
            writer.awaitMore(20);
        } finally {
            writer.window(false);
        }
        Duration gap = writer.windowGap();
        writer.pauses.add(String.format("%.3f s", gap.toNanos() / 1e9));
        assertTrue(gap.compareTo(MAX_PAUSE) < 0, "writes paused " + gap + " (limit " + MAX_PAUSE + ")");
        return r;
    }

    private Launcher.Result step(Iterator<String> page, String expected) throws Exception {
        assertTrue(page.hasNext(), "docs/cutover.md ends before: " + expected);
        assertEquals(expected, page.next(), "docs/cutover.md and this test disagree");
        return run(expected);
    }

    private Launcher.Result run(String line) throws Exception {
        String[] w = line.split(" ");
        String[] args = new String[w.length - 1];
        System.arraycopy(w, 1, args, 0, args.length);
        return Launcher.run(dir, w[0], args);
    }

    /**
     * With the writer held: the subscriber catches up, every table is equal, the root's sequences are at or past
     * the subscriber's, and the subscriber refuses writes through its replicated tables.
     */
    private static void checkpoint(Writer writer, TestDb root, TestDb sub, String when) throws Exception {
        writer.hold(true);
        try {
            awaitCaughtUp(root, sub);
            for (String t : TABLES) {
                List<String> a = rows(root, t);
                List<String> b = rows(sub, t);
                assertEquals(a.size(), b.size(), when + ": row count of " + t);
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i), b.get(i), when + ": row " + i + " of " + t);
                }
            }
            for (String seq : SEQS) {
                long r = lastValue(root, seq);
                long s = lastValue(sub, seq);
                assertTrue(r >= maxId(sub, seq), when + ": " + seq + " on the root (" + r + ") is behind a key "
                        + "used on the other server");
                assertTrue(s >= 0);
            }
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Connection c = sub.connect(); Statement st = c.createStatement()) {
                    st.execute("insert into audit_log (what) values ('on the subscriber')");
                }
            });
            assertTrue(refused.getMessage().contains("disallowed") || refused.getMessage().contains("not allowed"),
                    refused.getMessage());
        } finally {
            writer.hold(false);
        }
    }

    /** The largest key a sequence's table holds on a node. */
    private static long maxId(TestDb db, String seq) throws SQLException {
        String table = seq.replace("_id_seq", "");
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(id), 0) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String londisteIni(TestDb db) {
        return "db = " + db.connstr() + "\nqueue_name = " + QUEUE + "\nloop_delay = 0.2\nlogfile = " + dir
                + "/log/%(job_name)s.log\npidfile = " + dir + "/pid/%(job_name)s.pid\n";
    }

    private String tickerIni(TestDb db, String name) {
        return "[pgqd]\nbase_connstr = " + db.connstr().replaceAll("\\s*dbname=\\S+", "") + "\ndatabase_list = "
                + db.connstr().replaceAll(".*dbname=(\\S+).*", "$1") + "\nlogfile = " + dir + "/log/" + name
                + ".log\npidfile = " + dir + "/pid/" + name + ".pid\n";
    }

    private void ini(String name, String body) throws IOException {
        Files.writeString(dir.resolve(name), body);
    }

    private static Launcher.Result ok(Launcher.Result r) {
        System.out.printf("cutover: %s -> %d%n%s", String.join(" ", r.command().subList(1, r.command().size()))
                .replaceAll("\\S*/", ""), r.code(), r.out());
        assertEquals(0, r.code(), () -> r.command() + " failed:\n" + r.out() + r.err());
        return r;
    }

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
            if (withData) {
                st.execute("insert into customers (name, email) select 'customer ' || i, 'c' || i || '@example.com'"
                        + " from generate_series(1, 2000) i");
                st.execute("insert into orders (customer_id, total, note, placed) select 1 + i % 2000, i * 1.25,"
                        + " 'note ' || i, date '2020-01-01' + i % 900 from generate_series(1, 5000) i");
                st.execute("insert into shop.\"Order Lines\" select o, l, 'item ' || o || '/' || l, l"
                        + " from generate_series(1, 3000) o, generate_series(1, 3) l");
                st.execute("insert into audit_log (what) select 'boot ' || i from generate_series(1, 500) i");
            }
        }
    }

    /**
     * The application: small transactions on the server it writes to; when that server refuses (frozen root,
     * or a subscriber), the transaction is retried on the other one.
     */
    private static final class Writer implements Runnable {
        final TestDb a;
        final TestDb b;
        final AtomicReference<TestDb> target = new AtomicReference<>();
        final AtomicLong done = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<String> pauses = new ArrayList<>();
        private volatile boolean running = true;
        private volatile boolean held;
        private volatile boolean holding;
        private volatile boolean inWindow;
        private volatile long lastCommit;
        private volatile long maxGap;
        private Thread thread;

        Writer(TestDb a, TestDb b) {
            this.a = a;
            this.b = b;
            target.set(a);
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

        void hold(boolean on) throws InterruptedException {
            held = on;
            if (on) {
                awaitTrue(Duration.ofSeconds(30), "the writer to hold", () -> holding || failure.get() != null);
            }
        }

        void window(boolean on) {
            if (on) {
                maxGap = 0;
                lastCommit = System.nanoTime();
            }
            inWindow = on;
        }

        Duration windowGap() {
            return Duration.ofNanos(Math.max(maxGap, System.nanoTime() - lastCommit));
        }

        void awaitMore(long n) throws InterruptedException {
            long from = done.get();
            awaitTrue(Duration.ofSeconds(60), n + " more writes", () -> done.get() >= from + n
                    || failure.get() != null);
            if (failure.get() != null) {
                throw new AssertionError("the application's writes failed", failure.get());
            }
        }

        @Override
        public void run() {
            Random rnd = new Random(42);
            try (Connection ca = a.connect(); Connection cb = b.connect()) {
                ca.setAutoCommit(false);
                cb.setAutoCommit(false);
                int refusedInARow = 0;
                while (running) {
                    if (held) {
                        holding = true;
                        TimeUnit.MILLISECONDS.sleep(5);
                        continue;
                    }
                    holding = false;
                    Connection c = target.get() == a ? ca : cb;
                    try (Statement st = c.createStatement()) {
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
                        long now = System.nanoTime();
                        if (inWindow) {
                            maxGap = Math.max(maxGap, now - lastCommit);
                        }
                        lastCommit = now;
                        done.incrementAndGet();
                        refusedInARow = 0;
                    } catch (SQLException e) {
                        c.rollback();
                        String msg = String.valueOf(e.getMessage());
                        if (!(msg.contains("disallowed") || msg.contains("not allowed"))) {
                            throw e;
                        }
                        // refused here: the application moves to the other server and retries there
                        target.set(target.get() == a ? b : a);
                        if (++refusedInARow > 2_000) {
                            throw new IllegalStateException("both servers refuse writes", e);
                        }
                        TimeUnit.MILLISECONDS.sleep(1);
                        continue;
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    /** Makes a tick on the root and waits until the subscriber's worker has completed it. */
    private static void awaitCaughtUp(TestDb root, TestDb sub) throws Exception {
        long tick;
        try (Connection c = root.connect(); Statement st = c.createStatement()) {
            st.execute("select pgq.force_tick('" + QUEUE + "')");
            st.execute("select pgq.ticker('" + QUEUE + "')");
            try (ResultSet rs = st.executeQuery("select last_tick_id from pgq.get_queue_info('" + QUEUE + "')")) {
                rs.next();
                tick = rs.getLong(1);
            }
        }
        awaitTrue(Duration.ofMinutes(1), "the subscriber to complete tick " + tick, () -> {
            try (Connection c = sub.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select worker_last_tick from pgq_node.get_node_info('" + QUEUE
                         + "')")) {
                return rs.next() && rs.getLong(1) >= tick;
            } catch (SQLException e) {
                return false;
            }
        });
    }
}
