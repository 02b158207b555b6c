package org.londiste4j.cli.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.daemon.PidFile;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/pgqd} as a user runs it, each call a new process: the walkthrough's {@code pgqd -d ticker.ini} and
 * {@code pgqd -s ticker.ini}, {@code -k}, {@code -r}, {@code --ini}, and bad config files.
 */
class PgqdCommandIT {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static List<String> versions() {
        return PgServers.versions();
    }

    /** The launcher of the build ({@code bin/pgqd} running the jars of {@code londiste4j-cli/target/lib}). */
    static Path launcher() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path cand = p.resolve("bin/pgqd");
            if (Files.isExecutable(cand) && Files.isDirectory(p.resolve("londiste4j-cli/target/lib"))) {
                return cand;
            }
        }
        throw new IllegalStateException("bin/pgqd with a built londiste4j-cli/target/lib not found above "
                + Path.of("").toAbsolutePath() + "; run mvn package");
    }

    Result pgqd(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("pgqd did not return: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void shouldPrintSampleConfigWithEveryPgqdKey() throws Exception {
        Result r = pgqd("--ini");
        assertEquals(0, r.code(), r.err());
        for (String key : List.of("[pgqd]", "logfile", "pidfile", "base_connstr", "initial_database",
                "database_list", "check_period", "ticker_period", "retry_period", "maint_period", "stats_period",
                "connection_lifetime")) {
            assertTrue(r.out().contains(key), key + " missing in:\n" + r.out());
        }
    }

    @Test
    void shouldRefuseBadConfigWithOneLineAndExitCode2() throws Exception {
        Path bad = ini("bad.ini", "[pgqd]\nbase_connstr = host=localhost\nticker_period = soon\n");
        Result r = pgqd(bad.toString());
        assertEquals(2, r.code(), r.err());
        // the wording after the key is the config layer's; pgqd's part is one line naming file, line and key
        assertTrue(r.err().startsWith("pgqd: config " + bad + ": key ticker_period (line 3): 'soon' is not"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path zero = ini("zero.ini", "[pgqd]\nmaint_period = 0\n");
        Result z = pgqd("-d", zero.toString(), "--set", "pidfile=" + dir.resolve("zero.pid"));
        assertEquals(2, z.code(), z.err());
        assertTrue(z.err().matches("pgqd: (config .*zero.ini: key )?maint_period.* is invalid: must be > 0\n"),
                z.err());
        assertFalse(Files.exists(dir.resolve("zero.pid")), "no daemon was started");
        Result zf = pgqd(zero.toString());
        assertEquals(2, zf.code(), zf.err());
        assertEquals(z.err(), zf.err());

        Path quote = ini("quote.ini", "[pgqd]\nbase_connstr = host='unterminated\n");
        Result q = pgqd(quote.toString());
        assertEquals(2, q.code(), q.err());
        assertEquals(1, q.err().lines().count(), q.err());
        assertTrue(q.err().startsWith("pgqd: "), q.err());

        Result missing = pgqd(dir.resolve("nope.ini").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldTickAsDaemonThenStopReloadAndKillThroughThePidfile(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_cli");
        TestDb other = TestDb.create(major, "pgqd_cli");
        for (TestDb d : List.of(db, other)) {
            try (Connection c = d.connect()) {
                SchemaInstaller.install(c, "pgq");
                exec(c, "select pgq.create_queue('q')");
                exec(c, "select pgq.set_queue_config('q', 'ticker_max_count', '1')");
            }
        }
        // the walkthrough's ticker.ini: no [pgqd] line, folders for log and pid that do not exist yet
        String common = "base_connstr = host=localhost port=" + db.port() + " user=postgres\n"
                + "logfile = " + dir + "/log/%(job_name)s.log\npidfile = " + dir + "/pid/%(job_name)s.pid\n"
                + "ticker_period = 0.2\nstats_period = 1\nsyslog = 1\nsyslog_ident = pgqd\n";
        Path cfg = ini("ticker.ini", common + "database_list = " + db.name() + "\n");
        Path pidfile = dir.resolve("pid/ticker.pid");
        Path logfile = dir.resolve("log/ticker.log");

        Result started = pgqd("-d", cfg.toString());
        assertEquals(0, started.code(), started.err());
        assertTrue(started.err().contains("key syslog (line 6): has no effect"), started.err());
        long pid = PidFile.read(pidfile).orElseThrow();
        assertTrue(PidFile.alive(pid));
        awaitTicked(db);
        await("a stats line in the log", () -> read(logfile).contains(db.name() + ": {ticks: "));

        // -r: the new database_list is served without a restart
        ini("ticker.ini", common + "database_list = " + db.name() + ", " + other.name() + "\n");
        Result reload = pgqd("-r", cfg.toString());
        assertEquals(0, reload.code(), reload.err());
        awaitTicked(other);
        assertEquals(pid, PidFile.read(pidfile).orElseThrow(), "same process after reload");

        Result stop = pgqd("-s", cfg.toString());
        assertEquals(0, stop.code(), stop.err());
        assertEquals("pgqd (pid " + pid + ") stopped\n", stop.out());
        assertFalse(PidFile.alive(pid));
        assertFalse(Files.exists(pidfile), "pidfile removed on exit");
        assertTrue(read(logfile).contains("pgqd: stopped"), read(logfile));
        assertEquals(0, sessions(db, "pgqd%"), "no connection left behind");

        assertEquals(0, pgqd("-d", cfg.toString()).code());
        long pid2 = PidFile.read(pidfile).orElseThrow();
        awaitTicked(db);
        Result kill = pgqd("-k", cfg.toString());
        assertEquals(0, kill.code(), kill.err());
        assertEquals("pgqd (pid " + pid2 + ") killed\n", kill.out());
        assertFalse(PidFile.alive(pid2));
        assertFalse(Files.exists(pidfile));

        Result none = pgqd("-s", cfg.toString());
        assertEquals(1, none.code());
        assertEquals(1, none.err().lines().count(), none.err());
    }

    private void awaitTicked(TestDb d) throws Exception {
        try (Connection c = d.connect()) {
            long before = count(c, "select count(*) from pgq.tick");
            exec(c, "select pgq.insert_event('q', 'x', 'y')");
            await("a tick in " + d.name(), () -> count(c, "select count(*) from pgq.tick") > before);
        }
    }

    private static long sessions(TestDb d, String appLike) throws SQLException {
        try (Connection c = d.connect()) {
            return count(c, "select count(*) from pg_stat_activity where application_name like '" + appLike + "'");
        }
    }

    private Path ini(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, body);
        return f;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after 30 s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // a poll interval, bounded by the deadline
        }
    }
}
