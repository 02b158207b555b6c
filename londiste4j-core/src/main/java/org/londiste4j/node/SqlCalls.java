package org.londiste4j.node;

import org.londiste4j.db.Db;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link NodeApi} and {@code LondisteApi} call the SQL functions of pgq_node and londiste: parameters bound
 * by their Java type, rows read by a small reader, every failure a {@link NodeException} that names the function,
 * and the original's {@code (ret_code, ret_note)} answers of 300 and up thrown as well. Never commits: the
 * caller owns the transaction.
 */
public final class SqlCalls {
    private static final Logger log = LoggerFactory.getLogger(SqlCalls.class);

    /** Reads one result row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection conn;

    public SqlCalls(Connection conn) {
        this.conn = conn;
    }

    /** A {@code (ret_code, ret_note)} call: the answer, or a {@link NodeException} when the code is 300 or more. */
    public RetNote retNote(String fn, String sql, Object... args) {
        RetNote r = one(fn, sql, rs -> new RetNote(rs.getInt(1), rs.getString(2)), args);
        check(fn, r.retCode(), r.retNote());
        return r;
    }

    /** Throws when a function's answer code says it refused (300 and up, as the original's callers read it). */
    public static void check(String fn, int code, String note) {
        if (code >= 300) {
            throw new NodeException(fn, code, note);
        }
    }

    /** The first row of a call that answers at least one. */
    public <T> T one(String fn, String sql, Row<T> row, Object... args) {
        List<T> l = rows(fn, sql, row, args);
        if (l.isEmpty()) {
            throw new NodeException(fn, "returned no row", null);
        }
        return l.get(0);
    }

    public <T> List<T> rows(String fn, String sql, Row<T> row, Object... args) {
        if (log.isDebugEnabled()) {
            log.debug("{} {}", sql, Arrays.toString(args));
        }
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            Db.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            String msg = e.getMessage();
            if (e instanceof PSQLException pe) {
                ServerErrorMessage sem = pe.getServerErrorMessage();
                if (sem != null && sem.getMessage() != null) {
                    msg = sem.getMessage();
                }
            }
            throw new NodeException(fn, msg, e);
        }
    }

    /** A text[] parameter (null stays null). */
    public Array textArray(List<String> values) {
        if (values == null) {
            return null;
        }
        try {
            return conn.createArrayOf("text", values.toArray());
        } catch (SQLException e) {
            throw new NodeException("text[] parameter", e.getMessage(), e);
        }
    }
}
