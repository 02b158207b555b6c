package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.daemon.Job;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.londiste4j.worker.LondisteWorker;
import org.londiste4j.worker.TableCopier;
import org.londiste4j.worker.WorkerSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initial copy's progress (SPEC 5) as a DBA sees it through {@code londiste3}: a throttled copy of a table
 * (a subscriber trigger, enabled ALWAYS, sleeps a millisecond per row, so the copy takes about ten seconds) is
 * watched by {@code status}, whose line for the table shows rows growing against the provider's estimate, then by
 * {@code wait-sync}, which (not on a terminal) logs the same line now and then until the table is in sync.
 * Provider and subscriber on the oldest and newest majors, both ways.
 */
class CopyProgressIT {
    private static final int ROWS = 10_000;
    private static final Pattern COPYING = Pattern.compile(
            "Copy public\\.big: in-copy, ([0-9.]+)(k?) of ~([0-9.]+)(k?) rows \\((\\d+)%\\)");

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        var out = new ArrayList<Arguments>();
        out.add(Arguments.of(PgServers.oldest(), PgServers.newest()));
        if (!PgServers.oldest().equals(PgServers.newest())) {
            out.add(Arguments.of(PgServers.newest(), PgServers.oldest()));
        }
        return out;
    }

    @ParameterizedTest(name = "provider {0}, subscriber {1}")
    @MethodSource("pairs")
    void statusAndWaitSyncFollowAThrottledCopy(String providerMajor, String subscriberMajor) throws Exception {
        TestDb pdb = TestDb.create(providerMajor, "cpprov");
        TestDb sdb = TestDb.create(subscriberMajor, "cpsub");
        var master = Londiste3.node(dir, "master", "q", pdb.connstr(), pdb.jdbcUrl());
        var slave = Londiste3.node(dir, "slave", "q", sdb.connstr(), sdb.jdbcUrl());
        // wide rows (8 kB on the wire, compressed on disk): the sockets' buffers hold few of them, so what the
        // copy has sent is close to what the subscriber has taken
        String table = "create table public.big (id int primary key, pad text)";
        master.sql(table, "insert into public.big select g, repeat(md5(g::text), 256) from generate_series(1, "
                + ROWS + ") g", "analyze public.big");
        slave.sql(table,
                "create function public.slow_row() returns trigger language plpgsql as $$ begin "
                        + "perform pg_sleep(0.001); return new; end $$",
                "create trigger slow_row before insert on public.big for each row execute procedure public.slow_row()",
                "alter table public.big enable always trigger slow_row");
        assertOk(master.run("create-root", "master", master.connstr()));
        assertOk(slave.run("create-leaf", "slave", slave.connstr(), "--provider=" + master.connstr()));
        assertOk(master.run("add-table", "big"));
        assertOk(slave.run("add-table", "big"));

        // before the worker runs: the table is listed, waiting
        var before = slave.run("status");
        assertOk(before);
        assertTrue(before.out().contains("Copy public.big: in-copy, waiting for a copy slot")
                || before.out().contains("Copy public.big: new, waiting for the worker"), before.out());

        try (var ticker = new Ticker(pdb); var worker = new Worker(sdb)) {
            // status: rows grow, against an estimate of the provider's rows, with a rate once one is known
            long first = awaitCopying(slave, 1);
            long later = awaitCopying(slave, first + 1);
            assertTrue(later > first, first + " -> " + later);
            var st = slave.run("status");
            assertTrue(st.out().contains(" rows/s ") || st.out().contains("estimating"), st.out());
            var compact = slave.run("status", "--compact");
            assertOk(compact);
            assertEquals(4, compact.out().lines().count(), "one line per node: " + compact.out());
            assertTrue(compact.out().contains("Copy: public.big "), compact.out());

            // wait-sync (not a terminal here): plain progress lines in the log, then done
            int logBefore = slave.log().length();
            var ws = slave.run("wait-sync");
            assertOk(ws);
            String log = slave.log().substring(logBefore);
            assertTrue(log.contains("All done"), log);
            List<Long> seen = new ArrayList<>();
            Matcher m = COPYING.matcher(log);
            while (m.find()) {
                seen.add(rows(m.group(1), m.group(2)));
                assertEquals(ROWS, rows(m.group(3), m.group(4)), "the estimate is the provider's row count");
            }
            assertFalse(seen.isEmpty(), "wait-sync showed the copy's progress: " + log);
            assertFalse(log.contains("\r") || log.contains("\033["), "no terminal control in plain mode: " + log);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) >= seen.get(i - 1), "rows never go back: " + seen);
            }

            // in sync: status shows no copy line any more
            var after = slave.run("status");
            assertOk(after);
            assertFalse(after.out().contains("Copy public.big"), after.out());
            assertEquals(List.of(Integer.toString(ROWS)), slave.column("select count(*) from public.big"));
        }
    }

    /** Polls status until the table's copy line shows at least {@code min} rows; returns them. */
    private static long awaitCopying(Londiste3.Node node, long min) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var st = node.run("status");
            assertOk(st);
            last = st.out();
            Matcher m = COPYING.matcher(last);
            if (m.find()) {
                assertEquals(ROWS, rows(m.group(3), m.group(4)), last);
                long n = rows(m.group(1), m.group(2));
                if (n >= min) {
                    return n;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never showed the copy at " + min + "+ rows:\n" + last);
    }

    /** {@code 9999} or {@code 12.3k} back to a number (to the precision shown). */
    private static long rows(String num, String unit) {
        return Math.round(Double.parseDouble(num) * (unit.isEmpty() ? 1 : 1000));
    }

    private static void assertOk(Londiste3.Run r) {
        assertEquals(0, r.code(), r.toString());
    }

    /** pgq.ticker() on the provider every 100 ms, as pgqd would. */
    private static final class Ticker implements AutoCloseable {
        private final Thread thread;

        Ticker(TestDb db) {
            thread = new Thread(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    while (!Thread.currentThread().isInterrupted()) {
                        st.execute("select pgq.ticker()");
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // interrupted or the database went away: the ticker ends with the test
                }
            }, "test-ticker");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** The subscriber's worker in a thread of this JVM, with the project's applier and copy. */
    private static final class Worker implements AutoCloseable {
        private final LondisteWorker worker;
        private final Job job;
        private final Thread thread;

        Worker(TestDb db) {
            worker = new LondisteWorker(WorkerSettings.of("slave", db.connstr(), "q"),
                    org.londiste4j.worker.Appliers.batchApplier(), TableCopier.tableCopy());
            job = worker.job(new Job.Policy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(300),
                    Duration.ofSeconds(900)));
            thread = new Thread(job::run, "test-worker-slave");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            job.stop();
            worker.close();
            thread.join(30_000);
        }
    }
}
