package org.londiste4j.ticker;

import org.londiste4j.db.ConnStr;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/** Short SQL calls and a deadline-bound poll for the pgqd tests (test SQL only; never production code). */
final class TestSql {
    private static final Duration SEC = Duration.ofSeconds(1);

    private TestSql() {
    }

    /** Fast periods for tests: check 1 s, tick 0.2 s, retry 1 s, maint 1 s, stats 2 s. */
    static PgqdSettings fast(List<String> dbs) {
        return PgqdSettings.defaults().withDatabaseList(dbs)
                .withPeriods(SEC, Duration.ofMillis(200), SEC, SEC, Duration.ofSeconds(2));
    }

    /** The connector the pgqd command builds from {@code base_connstr}. */
    static DbConnector connector(int port) {
        return DbConnector.of(ConnStr.parse("host=localhost port=" + port + " user=postgres"));
    }

    static long nextBatch(Connection c, String queue, String consumer) throws SQLException {
        String b = scalar(c, "select pgq.next_batch('" + queue + "', '" + consumer + "')");
        return b == null ? 0 : Long.parseLong(b);
    }

    static void finish(Connection c, long batch) throws SQLException {
        if (batch > 0) {
            exec(c, "select pgq.finish_batch(" + batch + ")");
        }
    }

    static long ticks(Connection c, String queue) throws SQLException {
        return count(c, "select count(*) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue"
                + " where q.queue_name = '" + queue + "'");
    }

    static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(scalar(c, sql));
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Duration timeout, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // a poll interval, bounded by the deadline
        }
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what
                + (last == null ? "" : ": " + last.getMessage()));
    }
}
