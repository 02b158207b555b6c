package org.londiste4j.copy;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.londiste4j.copy.CopyFixture.count;
import static org.londiste4j.copy.CopyFixture.exec;

/**
 * The initial-copy benchmark (bench/copy-time.sh, bench/README.md): pgbench scale 10 copied from
 * {@code -Dbench.from} (9.6) to {@code -Dbench.to} (18) by {@link TableCopy} in each tuning, then PostgreSQL's own
 * logical replication initial sync of the same tables between two databases of {@code bench.to}, each
 * {@code -Dbench.rounds} times; prints one line per round and the medians. Off unless {@code -Dbench.copy=true}.
 */
@EnabledIfSystemProperty(named = "bench.copy", matches = "true")
class CopyBenchIT {
    static final List<String> TABLES = List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers",
            "pgbench_history");

    static final String PGBENCH_10 = """
            create table pgbench_branches (bid int primary key, bbalance int, filler char(88));
            create table pgbench_tellers (tid int primary key, bid int, tbalance int, filler char(84));
            create table pgbench_accounts (aid int primary key, bid int, abalance int, filler char(84));
            create table pgbench_history (hid serial primary key, tid int, bid int, aid int, delta int,
              mtime timestamp, filler char(22));
            insert into pgbench_branches select i, 0 from generate_series(1, 10) i;
            insert into pgbench_tellers select i, (i - 1) / 10 + 1, 0 from generate_series(1, 100) i;
            insert into pgbench_accounts select i, (i - 1) / 100000 + 1, 0, '' from generate_series(1, 1000000) i;
            """;

    @Test
    void copyPgbenchScale10() throws Exception {
        String from = System.getProperty("bench.from", "9.6");
        String to = System.getProperty("bench.to", "18");
        int rounds = Integer.getInteger("bench.rounds", 3);
        TestDb src = TestDb.create(from, "benchsrc");
        TestDb dst = TestDb.create(to, "benchdst");
        try (Connection p = src.connect()) {
            exec(p, PGBENCH_10);
            exec(p, "vacuum analyze");
        }
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            for (String t : TABLES) {
                TableDdl.create(s, TableDdl.read(p, t), true);
            }
        }
        Map<String, TableCopy.Tuning> tunings = new LinkedHashMap<>();
        tunings.put("default (binary, FREEZE, indexes and pkey dropped)", TableCopy.DEFAULT);
        tunings.put("primary key kept", new TableCopy.Tuning(true, true, true, false));
        tunings.put("text COPY", new TableCopy.Tuning(false, true, true, true));
        tunings.put("no FREEZE", new TableCopy.Tuning(true, false, true, true));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "copy %s -> %s warm-up (not counted): %.2f s%n", from, to,
                copyAll(src, dst, TableCopy.DEFAULT).wall());
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            for (var e : tunings.entrySet()) {
                Timing t = copyAll(src, dst, e.getValue());
                times.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(t.wall());
                cpu.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(t.cpu());
                System.out.printf(Locale.ROOT, "copy %s -> %s round %d, %s: %.2f s (cpu: provider %.2f s,"
                        + " subscriber %.2f s, java %.2f s)%n", from, to, r, e.getKey(), t.wall(), t.providerCpu(),
                        t.subscriberCpu(), t.javaCpu());
            }
            // 9.6 has no publications: native runs on the newer of the two
            String nativeMajor = PgVersionsForTest.atLeast(to, 10) ? to : from;
            double nat = nativeSync(nativeMajor);
            times.computeIfAbsent("native logical replication " + nativeMajor + " -> " + nativeMajor,
                    k -> new ArrayList<>()).add(nat);
            System.out.printf(Locale.ROOT, "native logical replication %s -> %s round %d: %.2f s%n", nativeMajor,
                    nativeMajor, r, nat);
        }
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            for (Connection c : List.of(p, s)) {
                long t0 = System.nanoTime();
                Checksum sum = TableChecksum.compute(c, "pgbench_accounts", null, false);
                double full = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                TableChecksum.compute(c, "pgbench_accounts", null, true);
                double cnt = (System.nanoTime() - t0) / 1e9;
                // the alternative the brief named: md5 over the rows in primary-key order (needs the sort)
                t0 = System.nanoTime();
                CopyFixture.text(c, "select md5(string_agg(md5(row(aid, bid, abalance, filler)::text), ''"
                        + " order by aid)) from only pgbench_accounts");
                double ordered = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "checksum of pgbench_accounts (1M rows) on %s: %.2f s (count only %.2f"
                        + " s; md5 of the ordered rows instead: %.2f s), %s%n",
                        c.getMetaData().getDatabaseProductVersion(), full, cnt, ordered, sum);
            }
        }
        System.out.println("medians:");
        times.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-52s %.2f s%s%n", k, median(v),
                cpu.containsKey(k) ? String.format(Locale.ROOT, " (cpu %.2f s)", median(cpu.get(k))) : ""));
    }

    /** Wall seconds and CPU seconds (provider backend, subscriber backend, this thread) of one copy of all four. */
    record Timing(double wall, double providerCpu, double subscriberCpu, double javaCpu) {
        double cpu() {
            return providerCpu + subscriberCpu + javaCpu;
        }
    }

    /** All four tables in one subscriber transaction, as one commit. */
    static Timing copyAll(TestDb src, TestDb dst, TableCopy.Tuning tuning) throws Exception {
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            long pPid = count(p, "select pg_backend_pid()");
            long sPid = count(s, "select pg_backend_pid()");
            double p0 = procCpu(pPid);
            double s0 = procCpu(sPid);
            long j0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            s.setAutoCommit(false);
            long rows = 0;
            for (String t : TABLES) {
                rows += TableCopy.copy(p, s, CopyRequest.of(t), CopyProgress.NONE, tuning).rows();
            }
            s.commit();
            double wall = (System.nanoTime() - t0) / 1e9;
            double java = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - j0) / 1e9;
            assertEquals(1_000_110, rows);
            return new Timing(wall, procCpu(pPid) - p0, procCpu(sPid) - s0, java);
        }
    }

    /** utime + stime of a process, from /proc (clock ticks of 100 Hz, as Linux reports them to user space). */
    static double procCpu(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /**
     * PostgreSQL's own initial sync of the same data: a publication on one database, a subscription on another of
     * the same server, timed from CREATE SUBSCRIPTION until every table is ready.
     */
    static double nativeSync(String major) throws Exception {
        TestDb pub = TestDb.create(major, "benchpub");
        TestDb sub = TestDb.create(major, "benchsub");
        try (Connection p = pub.connect(); Connection s = sub.connect()) {
            exec(p, PGBENCH_10 + "create publication bench for all tables");
            exec(s, PGBENCH_10.substring(0, PGBENCH_10.indexOf("insert")));
            exec(p, "select pg_create_logical_replication_slot('bench_" + sub.name() + "', 'pgoutput')");
            long t0 = System.nanoTime();
            exec(s, "create subscription bench connection 'host=localhost port=" + pub.port() + " user=postgres dbname="
                    + pub.name() + "' publication bench with (create_slot = false, slot_name = 'bench_" + sub.name()
                    + "')");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (count(s, "select count(*) from pg_subscription_rel where srsubstate <> 'r'") > 0
                    || count(s, "select count(*) from pg_subscription_rel") < TABLES.size()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("native initial sync not done in 5 minutes");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            assertEquals(1_000_000, count(s, "select count(*) from pgbench_accounts"));
            exec(s, "alter subscription bench disable; alter subscription bench set (slot_name = none);"
                    + " drop subscription bench");
            exec(p, "select pg_drop_replication_slot('bench_" + sub.name() + "')");
            return sec;
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
