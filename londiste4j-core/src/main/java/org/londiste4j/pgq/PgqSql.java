package org.londiste4j.pgq;

import org.londiste4j.db.Db;
import org.londiste4j.pgq.PgqException.Call;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JDBC plumbing under {@link PgqApi}: binds arguments, reads rows, and turns each {@link SQLException} into
 * one {@link PgqException} naming the call. Everything SQL-typed that the API's records hold is converted here
 * (intervals to {@link Duration}, nullable numbers).
 */
final class PgqSql {
    private static final Logger log = LoggerFactory.getLogger(PgqSql.class);

    /** Reads one row; {@link SQLException}s are wrapped by the caller. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection conn;

    PgqSql(Connection conn) {
        this.conn = conn;
    }

    Connection connection() {
        return conn;
    }

    <T> List<T> rows(Call call, String sql, Row<T> row, Object... args) {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw wrap(call, e);
        }
    }

    /** The first row, empty when there is none or the mapper read it as null. */
    <T> Optional<T> row(Call call, String sql, Row<T> row, Object... args) {
        List<T> l = rows(call, sql, row, args);
        return l.isEmpty() ? Optional.empty() : Optional.ofNullable(l.get(0));
    }

    int intResult(Call call, String sql, Object... args) {
        return row(call, sql, rs -> rs.getInt(1), args)
                .orElseThrow(() -> new PgqException(call.describe() + " returned no row", call, null));
    }

    /** The first column of the first row; empty when there is no row or it is NULL. */
    OptionalLong longResult(Call call, String sql, Object... args) {
        Optional<Long> v = row(call, sql, rs -> nullableLong(rs, 1), args);
        return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
    }

    void execute(Call call, String sql) {
        try (PreparedStatement ps = prepare(sql)) {
            ps.execute();
        } catch (SQLException e) {
            throw wrap(call, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        if (log.isDebugEnabled()) {
            log.debug("{} {}", sql, Arrays.toString(args));
        }
        PreparedStatement ps = conn.prepareStatement(sql);
        try {
            Db.bind(ps, args);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** An event row, as {@code pgq.get_batch_events} and the batch cursor return it. */
    static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("ev_id"), rs.getObject("ev_time", OffsetDateTime.class),
                nullableLong(rs, "ev_txid"), rs.getInt("ev_retry"), rs.getString("ev_type"), rs.getString("ev_data"),
                rs.getString("ev_extra1"), rs.getString("ev_extra2"), rs.getString("ev_extra3"),
                rs.getString("ev_extra4"));
    }

    static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    /** A column selected as {@code extract(epoch from <interval>)::float8}. */
    static Duration duration(ResultSet rs, String col) throws SQLException {
        double secs = rs.getDouble(col);
        return rs.wasNull() ? null : Duration.ofNanos(Math.round(secs * 1e9));
    }

    /**
     * A Duration as an interval literal PostgreSQL reads on every version; null stays null. In seconds with a
     * fraction: 9.6 keeps each unit of an interval literal in 32 bits, so a microsecond count overflows at 36 min.
     */
    static String interval(Duration d) {
        if (d == null) {
            return null;
        }
        BigDecimal secs = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return secs.stripTrailingZeros().toPlainString() + " seconds";
    }

    /** Whole seconds, rounded up, clamped to 0 .. int max, as pgq's retry functions take them. */
    static int seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, s));
    }

    static PgqException wrap(Call call, SQLException e) {
        String msg = e.getMessage();
        if (e instanceof PSQLException pe) {
            ServerErrorMessage sem = pe.getServerErrorMessage();
            if (sem != null && sem.getMessage() != null) {
                msg = sem.getMessage();
            }
        }
        return new PgqException(call.describe() + " failed: " + msg, call, e);
    }
}
