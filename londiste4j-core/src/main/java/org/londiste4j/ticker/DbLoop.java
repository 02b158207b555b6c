package org.londiste4j.ticker;

import org.londiste4j.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One periodic pgqd job (ticker, retry or maintenance) on one database, with a connection of its own, run on
 * a thread of its own: the original pgqd also keeps three connections per database, so that a long vacuum never
 * delays a tick.
 *
 * <p>Invariant: the connection is opened, used and closed by this loop's thread only. Any failure closes it and
 * the loop reconnects with a growing pause (1 s doubling to 10 s), so a restarted or unreachable database is
 * picked up again without restarting pgqd.
 */
final class DbLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DbLoop.class);
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** SQLSTATE invalid_catalog_name: the database was dropped (or never existed). */
    static final String DATABASE_MISSING = "3D000";

    /** What the step wants next: a pause, and whether the connection is kept over it. */
    record Next(Duration delay, boolean keepConnection) {
        static Next after(Duration d) {
            return new Next(d, true);
        }

        static Next disconnectFor(Duration d) {
            return new Next(d, false);
        }
    }

    /** One round of work on an open autocommit connection. */
    @FunctionalInterface
    interface Step {
        Next run(Connection c) throws SQLException;
    }

    private final String db;
    private final String role;
    private final Supplier<DbConnector> connector;
    private final Step step;
    private final Supplier<Duration> lifetime;
    private final StopSignal stop;
    private final Runnable onDatabaseMissing;
    private Connection conn;
    private long openedAtNanos;
    private Duration backoff = MIN_BACKOFF;
    private String lastError;

    DbLoop(String db, String role, Supplier<DbConnector> connector, Step step, Supplier<Duration> lifetime,
           StopSignal stop, Runnable onDatabaseMissing) {
        this.db = db;
        this.role = role;
        this.connector = connector;
        this.step = step;
        this.lifetime = lifetime;
        this.stop = stop;
        this.onDatabaseMissing = onDatabaseMissing;
    }

    @Override
    public void run() {
        try {
            while (!stop.isSet()) {
                Duration delay;
                try {
                    delay = once();
                } catch (SQLException e) {
                    delay = failed(describe(e), e);
                    if (DATABASE_MISSING.equals(e.getSQLState())) {
                        onDatabaseMissing.run();
                    }
                } catch (Db.DbException e) {
                    // connecting failed: the message already names the database and says what to do
                    delay = failed(e.getMessage(), e);
                    if (DATABASE_MISSING.equals(e.sqlState())) {
                        onDatabaseMissing.run();
                    }
                } catch (RuntimeException e) {
                    // a loop top: whatever went wrong, pgqd keeps serving the other databases and retries this one
                    delay = failed(e.toString(), e);
                }
                if (stop.await(delay)) {
                    break;
                }
            }
        } finally {
            close();
        }
    }

    private Duration once() throws SQLException {
        if (conn != null && System.nanoTime() - openedAtNanos > lifetime.get().toNanos()) {
            log.debug("{}: {} connection reached connection_lifetime, reconnecting", db, role);
            close();
        }
        if (conn == null) {
            open();
        }
        Next next = step.run(conn);
        if (lastError != null) {
            log.info("{}: {} works again", db, role);
            lastError = null;
        }
        backoff = MIN_BACKOFF;
        if (!next.keepConnection()) {
            close();
        }
        return next.delay();
    }

    private void open() throws SQLException {
        Connection c = connector.get().open(db, role);
        try {
            // each pgqd statement is a transaction of its own: ticks must commit at once, maintenance steps must
            // commit one by one (rotation step 2 needs step 1 committed), and vacuum cannot run in a transaction
            c.setAutoCommit(true);
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        conn = c;
        openedAtNanos = System.nanoTime();
    }

    private Duration failed(String what, Exception e) {
        close();
        Duration pause = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        if (!what.equals(lastError)) {
            // the first time at WARN; the same failure again only at DEBUG, so a long outage does not flood the log
            log.warn("{}: {} failed: {}; retrying", db, role, what);
            log.debug("{}: {} failure", db, role, e);
            lastError = what;
        } else {
            log.debug("{}: {} failed again: {}; retrying in {} ms", db, role, what, pause.toMillis());
        }
        return pause;
    }

    static String describe(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    private void close() {
        if (conn != null) {
            closeQuietly(conn);
            conn = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // a broken connection may fail to close; it is gone either way
        }
    }
}
