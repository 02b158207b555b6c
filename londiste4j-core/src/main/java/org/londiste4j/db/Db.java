package org.londiste4j.db;

import org.londiste4j.L4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Opens pgjdbc connections from libpq connection strings, each with an {@code application_name} that tells
 * which job and role holds it ({@code londiste leaf1 worker}, {@code pgqd mydb}), and turns connection failures
 * into one line naming the database (never the password).
 *
 * <p>Connections are returned with autocommit on; callers make their transactions explicit. No pool: each thread
 * owns its connections and recycles them after {@code connection_lifetime}.
 */
public final class Db {
    private static final Logger log = LoggerFactory.getLogger(Db.class);

    private Db() {
    }

    /**
     * Opens a connection.
     *
     * @throws DbException one line, e.g. {@code database dbname=x host=db1 port=5432 user=u: password authentication
     *                     failed}; {@link DbException#sqlState()} tells a permanent failure (class 28, 3D) from one
     *                     worth retrying
     */
    public static Connection connect(ConnStr cs, String applicationName) {
        return connect(JdbcTarget.of(cs, applicationName), applicationName);
    }

    /** Opens a connection to an already resolved target (tests give it their own environment). */
    static Connection connect(JdbcTarget t, String applicationName) {
        t.socketNote().ifPresent(n -> log.debug("{}", n));
        try {
            log.debug("connecting to {} as {}", t.describe(), applicationName);
            return DriverManager.getConnection(t.url(), t.properties());
        } catch (SQLException e) {
            log.debug("connection to {} failed", t.describe(), e);
            throw failure(t, e);
        }
    }

    static DbException failure(JdbcTarget t, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what = firstLine(e.getMessage());
        String hint = "";
        boolean noPassword = state.equals("08004") || state.startsWith("28") && what.contains("password");
        if (noPassword && t.password().isEmpty()) {
            hint = "; give password= in the connection string, PGPASSWORD or a ~/.pgpass line";
        } else if (state.equals("3D000")) {
            hint = "; create the database or fix dbname";
        } else if (state.startsWith("08") && t.unixSocket() && cause(e, ConnectException.class)) {
            hint = "; no server socket " + UnixSocketFactory.socketFile(t.socketDir().orElseThrow(),
                    Integer.parseInt(t.ports().get(0))) + ": check that the server runs with this port and that its "
                    + "unix_socket_directories holds that folder, or name a TCP host (host=localhost)";
        } else if (state.startsWith("08") && cause(e, ConnectException.class)) {
            hint = t.socketNote().map(n -> "; " + n + "; name a TCP host (host=localhost) that pg_hba.conf allows")
                    .orElse("; check that the server runs and listens on that host and port");
        } else if (cause(e, UnknownHostException.class)) {
            what = "unknown host " + String.join(",", t.hosts());
            hint = "; fix host=";
        }
        return new DbException("database " + t.describe() + ": " + what + hint, state, e);
    }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "connection failed";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }

    /**
     * Binds statement parameters by their Java type. A null goes as an untyped text NULL: the SQL casts where
     * text is not the parameter's type.
     */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof String s) {
                ps.setString(i + 1, s);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof Array arr) {
                ps.setArray(i + 1, arr);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    /** Closes without throwing; for loop tops and shutdown paths that must go on. */
    public static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a connection failed: {}", e.toString());
        }
    }

    /** A database error with the SQLSTATE it came with (empty when none). */
    public static final class DbException extends L4jException {
        private final String sqlState;

        public DbException(String message, String sqlState, Throwable cause) {
            super(message, cause);
            this.sqlState = sqlState;
        }

        public String sqlState() {
            return sqlState;
        }

        /** True for failures that retrying will not fix: bad credentials (class 28), no such database (3D000). */
        public boolean permanent() {
            return sqlState.startsWith("28") || sqlState.equals("3D000");
        }

        /** The SQLSTATE of {@code e} if it is (or wraps) a database error. */
        public static Optional<String> stateOf(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof DbException d && !d.sqlState.isEmpty()) {
                    return Optional.of(d.sqlState);
                }
                if (c instanceof SQLException s && s.getSQLState() != null) {
                    return Optional.of(s.getSQLState());
                }
            }
            return Optional.empty();
        }
    }
}
