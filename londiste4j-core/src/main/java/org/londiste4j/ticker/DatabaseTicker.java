package org.londiste4j.ticker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pgqd's work in one database: the ticker loop ({@code select pgq.ticker()} every {@code ticker_period}), and,
 * once pgq is found there, the retry loop and the maintenance loop, each with its own thread and connection.
 *
 * <p>A database without pgq is looked at again after {@link TickerContext#probeDelay()} (one tick on a small
 * cluster) with a short-lived connection, so that {@code create-root} run after pgqd started gets its queue ticked
 * within a second or two (the original waits up to {@code check_period}, 60 s), while pgqd still holds no
 * connection to databases it does not serve (a held one would block {@code DROP DATABASE} and
 * {@code CREATE DATABASE ... TEMPLATE}).
 */
final class DatabaseTicker {
    private static final Logger log = LoggerFactory.getLogger(DatabaseTicker.class);
    /** SQLSTATEs undefined_function and invalid_schema_name: pgq was dropped under us. */
    private static final List<String> PGQ_GONE = List.of("42883", "3F000");

    private static final String HAS_PGQ = "select 1 from pg_catalog.pg_namespace where nspname = 'pgq'";
    private static final String PGQ_VERSION = "select pgq.version()";
    private static final String TICKER = "select pgq.ticker()";
    private static final String RETRY = "select pgq.maint_retry_events()";
    /** Changes when a database is created or dropped; pg_database is the same catalog from every database. */
    private static final String DATABASES_FINGERPRINT = """
            select count(*) || ':' || coalesce(max(oid::text::int8), 0) || ':' || coalesce(sum(oid::text::int8), 0)
              from pg_catalog.pg_database where not datistemplate and datallowconn""";

    private final String db;
    private final TickerContext ctx;
    private final TickerStats stats = new TickerStats();
    private final StopSignal stop = new StopSignal();
    private final Maintenance maintenance;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean pgqReady;
    private volatile boolean pgqLess;
    private boolean sideLoopsStarted;

    DatabaseTicker(String db, TickerContext ctx) {
        this.db = db;
        this.ctx = ctx;
        this.maintenance = new Maintenance(db, stop);
    }

    String name() {
        return db;
    }

    TickerStats stats() {
        return stats;
    }

    /** True once the database was looked at and has no usable pgq (yet). */
    boolean pgqLess() {
        return pgqLess;
    }

    /** True while pgq is there and ticked. */
    boolean pgqReady() {
        return pgqReady;
    }

    void start() {
        launch("ticker", this::tick);
    }

    /** Asks every loop to end; they close their connections themselves. */
    void stop() {
        stop.set();
    }

    /** Waits for the loops to end; false when one is still busy (in a long statement) after {@code timeout}. */
    boolean join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        for (Thread t : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                if (t.isAlive()) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void launch(String role, DbLoop.Step step) {
        DbLoop loop = new DbLoop(db, role, ctx::connector, step, () -> ctx.settings().connectionLifetime(), stop,
                ctx::requestRecheck);
        Thread t = new Thread(loop, "pgqd-" + db + "-" + role);
        // a statement stuck in a dead server must not keep the JVM from exiting on -k
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    private DbLoop.Next tick(Connection c) throws SQLException {
        if (ctx.settings().autoDetect()) {
            // cheap on a connection that is open anyway: a new database is found within a tick, not check_period
            ctx.clusterSeen(scalar(c, DATABASES_FINGERPRINT));
        }
        if (!pgqReady && !findPgq(c)) {
            return DbLoop.Next.disconnectFor(ctx.probeDelay());
        }
        try (Statement st = c.createStatement()) {
            st.execute(TICKER);
        } catch (SQLException e) {
            if (PGQ_GONE.contains(e.getSQLState())) {
                log.info("{}: pgq is gone: {}", db, DbLoop.describe(e));
                pgqReady = false;
                pgqLess = true;
                return DbLoop.Next.disconnectFor(ctx.probeDelay());
            }
            throw e;
        }
        stats.tick();
        return DbLoop.Next.after(ctx.settings().tickerPeriod());
    }

    /** Looks for a usable pgq (schema there, version 3 or later); starts the other loops the first time. */
    private boolean findPgq(Connection c) throws SQLException {
        if (scalar(c, HAS_PGQ) == null) {
            if (!pgqLess) {
                log.debug("{}: no pgq", db);
            }
            pgqLess = true;
            return false;
        }
        String version;
        try {
            version = scalar(c, PGQ_VERSION);
        } catch (SQLException e) {
            if (!PGQ_GONE.contains(e.getSQLState())) {
                throw e;
            }
            version = null; // schema there, pgq.version() not (yet): an install in progress or something else
        }
        if (version == null || version.isEmpty() || version.charAt(0) < '3') {
            if (!pgqLess) {
                log.info("{}: bad pgq version ({}), ignoring", db, version);
            }
            pgqLess = true;
            return false;
        }
        log.info("{}: pgq version ok: {}", db, version);
        pgqLess = false;
        pgqReady = true;
        if (!sideLoopsStarted) {
            sideLoopsStarted = true;
            launch("retry", this::retry);
            launch("maint", this::maint);
        }
        return true;
    }

    private DbLoop.Next retry(Connection c) throws SQLException {
        Duration period = ctx.settings().retryPeriod();
        if (!pgqReady) {
            return DbLoop.Next.disconnectFor(period);
        }
        // moves due events in rounds until none is left, as the original does
        while (!stop.isSet()) {
            String n = scalar(c, RETRY);
            long moved = n == null ? 0 : Long.parseLong(n.strip());
            if (moved <= 0) {
                break;
            }
            stats.retried(moved);
        }
        return DbLoop.Next.after(period);
    }

    private DbLoop.Next maint(Connection c) throws SQLException {
        Duration period = ctx.settings().maintPeriod();
        if (!pgqReady) {
            return DbLoop.Next.disconnectFor(period);
        }
        if (maintenance.round(c)) {
            stats.maintRound();
        }
        return DbLoop.Next.after(period);
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
