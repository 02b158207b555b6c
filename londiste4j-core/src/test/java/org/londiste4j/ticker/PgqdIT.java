package org.londiste4j.ticker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.ticker.TestSql.await;
import static org.londiste4j.ticker.TestSql.connector;
import static org.londiste4j.ticker.TestSql.count;
import static org.londiste4j.ticker.TestSql.exec;
import static org.londiste4j.ticker.TestSql.fast;
import static org.londiste4j.ticker.TestSql.finish;
import static org.londiste4j.ticker.TestSql.nextBatch;
import static org.londiste4j.ticker.TestSql.scalar;
import static org.londiste4j.ticker.TestSql.ticks;

/** pgqd's engine in-process against real servers: it ticks, retries, rotates, finds pgq and survives restarts. */
class PgqdIT {
    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldTickQueuesOfListedDatabase(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_tick");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('q1')");
            exec(c, "select pgq.set_queue_config('q1', 'ticker_max_count', '1')");
            long before = ticks(c, "q1");
            try (Pgqd pgqd = new Pgqd(fast(List.of(db.name())), connector(db.port()))) {
                pgqd.start();
                exec(c, "select pgq.insert_event('q1', 'x', 'one')");
                await(Duration.ofSeconds(10), "a tick after an event", () -> ticks(c, "q1") > before);
                exec(c, "select pgq.insert_event('q1', 'x', 'two')");
                long after = ticks(c, "q1");
                await(Duration.ofSeconds(10), "another tick", () -> ticks(c, "q1") > after);
                assertEquals(Set.of(db.name()), pgqd.tickedDatabases());
                assertTrue(pgqd.stats(db.name()).orElseThrow().totalTicks() > 0);
                await(Duration.ofSeconds(10), "a maintenance round",
                        () -> pgqd.stats(db.name()).orElseThrow().totalMaint() > 0);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldTickQueueCreatedAfterStartWithinTwoSeconds(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_late");
        // the defaults of the original (tick 1 s, check 60 s): the new queue must not wait for check_period
        PgqdSettings settings = PgqdSettings.defaults().withDatabaseList(List.of(db.name()));
        try (Pgqd pgqd = new Pgqd(settings, connector(db.port())); Connection c = db.connect()) {
            pgqd.start();
            await(Duration.ofSeconds(10), "pgqd to look at the database", () -> pgqd.databases().contains(db.name()));
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('late')");
            exec(c, "select pgq.set_queue_config('late', 'ticker_max_count', '1')");
            long created = System.nanoTime();
            long first = ticks(c, "late");
            exec(c, "select pgq.insert_event('late', 'x', 'y')");
            await(Duration.ofSeconds(10), "a tick of the new queue", () -> ticks(c, "late") > first);
            Duration took = Duration.ofNanos(System.nanoTime() - created);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "new queue ticked after " + took.toMillis() + " ms");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldMoveRetryEventsBackAfterRetryPeriod(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_retry");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('rq')");
            exec(c, "select pgq.set_queue_config('rq', 'ticker_max_count', '1')");
            exec(c, "select pgq.register_consumer('rq', 'c1')");
            try (Pgqd pgqd = new Pgqd(fast(List.of(db.name())), connector(db.port()))) {
                pgqd.start();
                exec(c, "select pgq.insert_event('rq', 'x', 'again')");
                long[] batch = new long[1];
                await(Duration.ofSeconds(10), "a batch with the event", () -> {
                    batch[0] = nextBatch(c, "rq", "c1");
                    if (batch[0] > 0 && count(c, "select count(*) from pgq.get_batch_events(" + batch[0] + ")") > 0) {
                        return true;
                    }
                    finish(c, batch[0]); // an empty batch (the first tick's): move on
                    return false;
                });
                long evId = Long.parseLong(scalar(c, "select ev_id from pgq.get_batch_events(" + batch[0] + ")"));
                exec(c, "select pgq.event_retry(" + batch[0] + ", " + evId + ", 0)");
                exec(c, "select pgq.finish_batch(" + batch[0] + ")");
                await(Duration.ofSeconds(15), "the retried event back for c1", () -> {
                    long b = nextBatch(c, "rq", "c1");
                    if (b <= 0) {
                        return false;
                    }
                    long n = count(c, "select count(*) from pgq.get_batch_events(" + b + ") where ev_id = " + evId
                            + " and ev_retry = 1");
                    finish(c, b);
                    return n == 1;
                });
                assertTrue(pgqd.stats(db.name()).orElseThrow().totalRetries() >= 1);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldRotateAndTruncateTablesOnceConsumersPassedThem(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_rot");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('rot')");
            exec(c, "select pgq.set_queue_config('rot', 'ticker_max_count', '1')");
            exec(c, "select pgq.register_consumer('rot', 'c1')");
            String table0 = scalar(c, "select queue_data_pfx || '_' || queue_cur_table from pgq.queue"
                    + " where queue_name = 'rot'");
            exec(c, "select pgq.insert_event('rot', 'x', 'first')");
            assertEquals(1, count(c, "select count(*) from " + table0));
            exec(c, "select pgq.set_queue_config('rot', 'rotation_period', '1 second')");
            try (Pgqd pgqd = new Pgqd(fast(List.of(db.name())), connector(db.port()))) {
                pgqd.start();
                Set<String> seen = new HashSet<>();
                // the consumer keeps up, so each rotation is allowed; after a whole round table 0 is reused
                await(Duration.ofSeconds(40), "a whole round of rotations", () -> {
                    exec(c, "select pgq.insert_event('rot', 'x', 'more')");
                    long b = nextBatch(c, "rot", "c1");
                    finish(c, b);
                    seen.add(scalar(c, "select queue_cur_table from pgq.queue where queue_name = 'rot'"));
                    return seen.size() == 3 && "0".equals(
                            scalar(c, "select queue_cur_table from pgq.queue where queue_name = 'rot'"));
                });
                assertEquals(0, count(c, "select count(*) from " + table0 + " where ev_data = 'first'"),
                        "table 0 was truncated when it was reused");
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFindDatabasesThatAppearAndDropThoseThatGo(String major) throws Exception {
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of())) {
            int port = pg.getPort();
            // check_period as the original's default: a new database must be noticed through pg_database, sooner
            PgqdSettings auto = fast(List.of()).withPeriods(Duration.ofSeconds(60), Duration.ofMillis(200),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
            try (Pgqd pgqd = new Pgqd(auto, connector(port));
                 Connection admin = DriverManager.getConnection(TestDb.url(pg, "postgres"), "postgres", "")) {
                pgqd.start();
                await(Duration.ofSeconds(10), "database postgres found", () -> pgqd.databases().contains("postgres"));
                assertTrue(pgqd.tickedDatabases().isEmpty(), "no database has pgq yet");
                exec(admin, "create database appeared");
                try (Connection c = DriverManager.getConnection(TestDb.url(pg, "appeared"), "postgres", "")) {
                    SchemaInstaller.install(c, "pgq");
                    exec(c, "select pgq.create_queue('q')");
                }
                await(Duration.ofSeconds(10), "the new database ticked, long before check_period",
                        () -> pgqd.tickedDatabases().contains("appeared"));
                dropDatabase(admin, "appeared");
                await(Duration.ofSeconds(15), "the dropped database let go",
                        () -> !pgqd.databases().contains("appeared"));
                assertTrue(pgqd.databases().contains("postgres"));
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldVacuumOutsideTransactionsWhenAutovacuumIsOff(String major) throws Exception {
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of("autovacuum", "off"));
             Connection c = DriverManager.getConnection(TestDb.url(pg, "postgres"), "postgres", "")) {
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('vq')");
            assertTrue(count(c, "select count(*) from pgq.maint_operations() where func_name = 'vacuum'") > 0,
                    "pgq asks for vacuum when autovacuum is off");
            try (Pgqd pgqd = new Pgqd(fast(List.of("postgres")), connector(pg.getPort()))) {
                pgqd.start();
                // VACUUM fails inside a transaction block: a vacuum time proves pgqd ran it on its own
                await(Duration.ofSeconds(15), "pgq.tick vacuumed", () -> scalar(c,
                        "select last_vacuum from pg_stat_user_tables where schemaname = 'pgq' and relname = 'tick'")
                        != null);
                await(Duration.ofSeconds(10), "a whole maintenance round",
                        () -> pgqd.stats("postgres").orElseThrow().totalMaint() > 0);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldRenewConnectionsAfterConnectionLifetime(String major) throws Exception {
        TestDb db = TestDb.create(major, "pgqd_life");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            PgqdSettings s = fast(List.of(db.name())).withConnectionLifetime(Duration.ofSeconds(1));
            try (Pgqd pgqd = new Pgqd(s, connector(db.port()))) {
                pgqd.start();
                String sql = "select pid from pg_stat_activity where application_name = 'pgqd ticker'"
                        + " and datname = '" + db.name() + "'";
                String[] first = new String[1];
                await(Duration.ofSeconds(10), "the ticker connected", () -> (first[0] = scalar(c, sql)) != null);
                await(Duration.ofSeconds(10), "a new ticker connection", () -> {
                    String now = scalar(c, sql);
                    return now != null && !now.equals(first[0]);
                });
                // a closing backend may linger a moment in pg_stat_activity: the old one must go, not pile up
                await(Duration.ofSeconds(10), "one ticker connection, the old one closed", () -> count(c,
                        "select count(*) from pg_stat_activity where application_name = 'pgqd ticker'"
                        + " and datname = '" + db.name() + "' and pid <> " + first[0]) == 1
                        && count(c, "select count(*) from pg_stat_activity where pid = " + first[0]) == 0);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldSurviveRestartOfTheServer(String major) throws Exception {
        Path dir = Files.createTempDirectory("pgqd-restart-");
        Path data = dir.resolve("data");
        EmbeddedPostgres pg = PgServers.start(major, Map.of(), data, 0);
        int port = pg.getPort();
        try (Connection c = DriverManager.getConnection(TestDb.url(pg, "postgres"), "postgres", "")) {
            SchemaInstaller.install(c, "pgq");
            exec(c, "select pgq.create_queue('rs')");
            exec(c, "select pgq.set_queue_config('rs', 'ticker_max_count', '1')");
        }
        try (Pgqd pgqd = new Pgqd(fast(List.of("postgres")), connector(port))) {
            pgqd.start();
            await(Duration.ofSeconds(10), "ticking", () -> pgqd.tickedDatabases().contains("postgres"));
            stopKeepingData(pg);
            long ticksWhileDown = pgqd.stats("postgres").orElseThrow().totalTicks();
            pg = PgServers.start(major, Map.of(), data, port);
            try (Connection c = DriverManager.getConnection(TestDb.url(pg, "postgres"), "postgres", "")) {
                long before = ticks(c, "rs");
                exec(c, "select pgq.insert_event('rs', 'x', 'after restart')");
                await(Duration.ofSeconds(30), "a tick after the restart", () -> ticks(c, "rs") > before);
            }
            assertTrue(pgqd.stats("postgres").orElseThrow().totalTicks() > ticksWhileDown);
        } finally {
            pg.close();
            deleteTree(dir);
        }
    }

    /** Stops a server without zonky deleting its data directory (it does for a cluster it created itself). */
    static void stopKeepingData(EmbeddedPostgres pg) throws IOException {
        synchronized (PgqdIT.class) {
            System.setProperty("ot.epg.no-cleanup", "true");
            try {
                pg.close();
            } finally {
                System.clearProperty("ot.epg.no-cleanup");
            }
        }
    }

    static void dropDatabase(Connection admin, String name) throws Exception {
        // pgqd holds connections to a database it ticks (as the original does); end them, then drop before it is back
        await(Duration.ofSeconds(15), "drop database " + name, () -> {
            exec(admin, "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
            try {
                exec(admin, "drop database " + name);
                return true;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
