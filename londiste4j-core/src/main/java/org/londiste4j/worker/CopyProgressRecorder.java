package org.londiste4j.worker;

import org.londiste4j.copy.CopyEstimate;
import org.londiste4j.copy.CopyProgress;
import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Where one table's initial copy stands, written for {@code status} and {@code wait-sync} into the subscriber's
 * {@code londiste.copy_progress} (SPEC 5): at the start with the provider's estimate, about once a second while
 * rows stream, when the indexes are rebuilt, and once the copy is committed.
 *
 * <p>Invariant: recording never touches, slows or fails the copy. The copy thread only hands the latest totals over
 * (no I/O); a writer thread of its own sends them on a connection of its own in autocommit (the copy's transaction
 * stays open until the table's state commits, so a row written there would be invisible until the end), with a
 * short statement timeout, at most about once a second. A failure is logged and the writer retries after
 * {@link #RETRY_MILLIS}; where the node's londiste schema has no such function (the original's extension), nothing
 * is recorded.
 */
final class CopyProgressRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CopyProgressRecorder.class);
    static final long EVERY_MILLIS = 1000;
    static final long RETRY_MILLIS = 10_000;
    private static final String FUNCTION = "londiste.set_copy_progress(text, text, text, int8, int8, int8, int8)";

    /** One call of {@code londiste.set_copy_progress}. */
    private record Row(String stage, long rows, long bytes, Long estRows, Long estBytes) {
    }

    private final ConnStr db;
    private final String applicationName;
    private final String queue;
    private final String table;
    private final Object lock = new Object();
    // guarded by lock: a new copy's first row (it starts the record over), then the latest totals
    private Row start;
    private Row latest;
    private boolean urgent;
    private boolean rebuilding;
    private Thread writer;
    // the writer thread's own
    private Connection conn;
    private Boolean supported;

    CopyProgressRecorder(ConnStr db, String applicationName, String queue, String table) {
        this.db = db;
        this.applicationName = applicationName;
        this.queue = queue;
        this.table = table;
    }

    /** A new copy of the table starts: its record starts over with the provider's estimate. */
    void start(CopyEstimate estimate) {
        synchronized (lock) {
            start = new Row("copying", 0, 0, estimate.rows(), estimate.bytes());
            latest = null;
            rebuilding = false;
            urgent = true;
            lock.notifyAll();
            if (writer == null) {
                writer = new Thread(this::write, "londiste-copy-progress-" + table);
                writer.setDaemon(true);
                writer.start();
            }
        }
    }

    /** The totals of the running copy, for {@code TableCopy}; called on the copying thread, returns at once. */
    CopyProgress progress() {
        return new CopyProgress() {
            @Override
            public void update(String destTable, long rows, long bytes) {
                synchronized (lock) {
                    hand(rebuilding ? "indexing" : "copying", rows, bytes, false);
                }
            }

            @Override
            public void rebuilding(String destTable, long rows, long bytes) {
                synchronized (lock) {
                    rebuilding = true;
                    hand("indexing", rows, bytes, true);
                }
            }
        };
    }

    /** The copy is committed (the table is {@code catching-up}). */
    void copied(long rows, long bytes) {
        synchronized (lock) {
            hand("copied", rows, bytes, true);
        }
    }

    private void hand(String stage, long rows, long bytes, boolean now) {
        latest = new Row(stage, rows, bytes, null, null);
        urgent |= now;
        lock.notifyAll();
    }

    /** The writer thread: sends what the copy thread handed over, a stage change at once, totals once a second. */
    private void write() {
        long pause = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Row first;
                Row next;
                synchronized (lock) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                    while (start == null && latest == null || !urgent && System.nanoTime() - until < 0) {
                        long wait = start == null && latest == null ? 0
                                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
                        lock.wait(wait);
                    }
                    first = start;
                    next = latest;
                    start = null;
                    latest = null;
                    urgent = false;
                }
                pause = send(first, next) ? EVERY_MILLIS : RETRY_MILLIS;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    /** False after a failure (the rows are dropped: newer totals come soon). */
    private boolean send(Row first, Row next) {
        try {
            Connection c = connection();
            if (c == null) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement("select londiste.set_copy_progress(?::text, ?::text, "
                    + "?::text, ?::int8, ?::int8, ?::int8, ?::int8)")) {
                for (Row r : new Row[] {first, next}) {
                    if (r != null) {
                        Db.bind(ps, queue, table, r.stage(), r.rows(), r.bytes(), r.estRows(), r.estBytes());
                        ps.execute();
                    }
                }
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("table {}: recording the copy's progress failed ({}); retrying in {} s", table,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""), RETRY_MILLIS / 1000);
            closeConnection();
            return false;
        }
    }

    /** The open connection, or null when this node's londiste schema cannot record progress. */
    private Connection connection() throws SQLException {
        if (Boolean.FALSE.equals(supported)) {
            return null;
        }
        if (conn == null) {
            conn = Db.connect(db, applicationName);
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement()) {
                // a stuck write must not pile up behind it
                st.execute("set statement_timeout = 2000");
                try (ResultSet rs = st.executeQuery("select to_regprocedure('" + FUNCTION + "') is not null")) {
                    rs.next();
                    supported = rs.getBoolean(1);
                }
            }
            if (!supported) {
                log.info("table {}: this node's londiste schema does not record copy progress (not londiste4j's, "
                        + "or older); status will not show it", table);
                closeConnection();
                return null;
            }
        }
        return conn;
    }

    private void closeConnection() {
        if (conn != null) {
            Db.closeQuietly(conn);
            conn = null;
        }
    }

    /** Stops the writer (what it has not sent yet is dropped) and closes its connection. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            t = writer;
            writer = null;
            start = null;
            latest = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
