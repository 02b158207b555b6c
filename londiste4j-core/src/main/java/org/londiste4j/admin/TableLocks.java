package org.londiste4j.admin;

import org.londiste4j.db.Quote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Takes the locks that creating or dropping the londiste triggers needs, on every table of one command, before
 * any trigger is touched, so that the command never deadlocks with the application (or with the worker's
 * batch transaction on a subscriber).
 *
 * <p>Why: {@code CREATE TRIGGER} takes SHARE ROW EXCLUSIVE on its table. Adding four tables one after the other
 * in one transaction holds the first table's lock while it waits for the second; an application transaction
 * that wrote the second and then writes the first closes the circle, and PostgreSQL's deadlock detector
 * aborts one of the two, often the application's. Here every lock is asked for under a {@code lock_timeout}
 * shorter than the server's {@code deadlock_timeout} (1 s by default): when a table is busy, the command gives
 * its locks back (rollback to a savepoint) and tries again a little later, so the application never waits on
 * us long enough for the deadlock detector to pick it. Once all locks are held, creating the triggers waits
 * for nobody.
 */
final class TableLocks {
    private static final Logger log = LoggerFactory.getLogger(TableLocks.class);
    static final String MODE = "share row exclusive";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Duration TRY_FOR = Duration.ofMillis(300);

    private TableLocks() {
    }

    /**
     * Locks every table (londiste's {@code schema.table} names) in the caller's open transaction, retrying for
     * up to {@code patience}; then the transaction holds them all and has no lock timeout of ours left set.
     *
     * @throws AdminException when the tables stay busy for longer than {@code patience}
     */
    static void lockAll(Connection conn, String command, List<String> tables, Duration patience)
            throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        String list = tables.stream().map(Quote::fqIdent).collect(Collectors.joining(", "));
        long end = System.nanoTime() + patience.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            Savepoint sp = conn.setSavepoint();
            try (Statement st = conn.createStatement()) {
                st.execute("set local lock_timeout = '" + TRY_FOR.toMillis() + "ms'");
                st.execute("lock table " + list + " in " + MODE + " mode");
                st.execute("set local lock_timeout = 0");
                conn.releaseSavepoint(sp);
                if (attempts > 1) {
                    log.info("{}: got the locks of {} table(s) after {} tries", command, tables.size(), attempts);
                }
                return;
            } catch (SQLException e) {
                conn.rollback(sp);
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                if (System.nanoTime() > end) {
                    throw new AdminException(command + ": the tables stayed busy for " + patience.toSeconds()
                            + " s (" + String.join(", ", tables) + "): long transactions hold them; retry when "
                            + "they have finished");
                }
                log.debug("{}: tables busy, try {} again shortly", command, attempts);
                sleep(50 + ThreadLocalRandom.current().nextInt(200));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for table locks");
        }
    }
}
