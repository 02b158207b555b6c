package org.londiste4j.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One connection of one role of a job (the worker's provider or subscriber connection, a ticker's database),
 * opened on first use and opened again when it is older than {@code connection_lifetime}, as Skytools' scripts
 * recycle theirs. Owned by one thread: no pool, nothing shared.
 *
 * <p>Hazard: {@link #get()} may replace the connection, so call it only between transactions (at the top of a
 * round), never in the middle of one. After a crash, {@link #reset()} drops the connection so that the next
 * round starts on a fresh one.
 */
public final class ConnectionSlot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSlot.class);

    private final ConnStr connStr;
    private final String applicationName;
    private final Duration lifetime;
    private final LongSupplier clock;
    private Connection conn;
    private long openedAt;

    /**
     * @param lifetime {@code connection_lifetime}; zero or negative: never recycled for age
     */
    public ConnectionSlot(ConnStr connStr, String applicationName, Duration lifetime) {
        this(connStr, applicationName, lifetime, System::nanoTime);
    }

    ConnectionSlot(ConnStr connStr, String applicationName, Duration lifetime, LongSupplier nanoClock) {
        this.connStr = connStr;
        this.applicationName = applicationName;
        this.lifetime = lifetime;
        this.clock = nanoClock;
    }

    /**
     * The open connection, opened now if there is none, it is closed, or it outlived its lifetime.
     *
     * @throws Db.DbException when it cannot be opened
     */
    public Connection get() {
        if (conn != null) {
            boolean old = !lifetime.isZero() && !lifetime.isNegative() && clock.getAsLong() - openedAt
                    > lifetime.toNanos();
            if (old) {
                log.debug("{}: connection older than {} s, reconnecting", applicationName, lifetime.toSeconds());
                reset();
            } else if (closed(conn)) {
                reset();
            }
        }
        if (conn == null) {
            conn = Db.connect(connStr, applicationName);
            openedAt = clock.getAsLong();
        }
        return conn;
    }

    /** True when a connection is open now (without opening one). */
    public boolean isOpen() {
        return conn != null && !closed(conn);
    }

    /** Closes the connection (after a crash, or to let go); the next {@link #get()} opens a new one. */
    public void reset() {
        Db.closeQuietly(conn);
        conn = null;
    }

    /** The connection string, password masked when printed. */
    public ConnStr connStr() {
        return connStr;
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
