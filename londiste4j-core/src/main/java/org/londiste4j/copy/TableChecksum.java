package org.londiste4j.copy;

import org.londiste4j.db.Quote;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compare engine's per-table figures: row count and a checksum that two servers compute alike when their rows
 * are equal, whatever their majors (9.6 to 18) and their {@code TimeZone}, {@code DateStyle},
 * {@code IntervalStyle}, {@code extra_float_digits} or {@code lc_monetary} (the original's hash of each row's text
 * in the server's own settings reports equal tables as different: SPEC 6.9).
 *
 * <p>How: the session's text settings are fixed for the query and put back after it; float4/float8 columns are
 * hashed by their binary form ({@code float8send}: 9.6 and 12+ print floats differently with extra digits), and
 * floats inside arrays or composites print with {@code extra_float_digits = 0}, which every version formats alike.
 * Each row becomes {@code md5} of its row text; the first 64 bits as a bigint are summed into a numeric, an
 * order-independent aggregate that needs no sort (a different value in one row changes the sum but for a
 * 2<sup>-64</sup> chance).
 */
public final class TableChecksum {
    private static final long FLOAT4 = 700;
    private static final long FLOAT8 = 701;

    private TableChecksum() {
    }

    /**
     * Counts and checksums {@code table} on {@code conn}.
     *
     * <p>Transactions: inside the caller's open transaction when autocommit is off (so that compare reads the
     * snapshot it chose), settings restored before returning; with autocommit on, in a transaction of its own.
     *
     * @param columns   the columns to hash, in this order (compare passes the columns both sides have); null or
     *                  empty for every column of the table
     * @param countOnly count rows only ({@code --count-only}); the checksum is then null
     * @throws CopyException naming the table when it or a column is missing, or the query fails
     */
    public static Checksum compute(Connection conn, String table, List<String> columns, boolean countOnly) {
        return compute(conn, table, columns, countOnly, null);
    }

    /** As {@link #compute(Connection, String, List, boolean)}, on the rows a handler's {@code condition} selects. */
    public static Checksum compute(Connection conn, String table, List<String> columns, boolean countOnly,
                                   String condition) {
        RelName name = RelName.parse(table);
        try {
            boolean own = conn.getAutoCommit();
            if (own) {
                conn.setAutoCommit(false);
            }
            try {
                Map<String, String> fixed = new HashMap<>(SessionSettings.TEXT_IO);
                fixed.put("extra_float_digits", "0");
                SessionSettings settings = SessionSettings.setLocal(conn, fixed);
                Checksum sum = query(conn, name, columns, countOnly, condition);
                settings.restore();
                return sum;
            } finally {
                if (own) {
                    try {
                        conn.commit();
                    } finally {
                        conn.setAutoCommit(true);
                    }
                }
            }
        } catch (SQLException e) {
            throw new CopyException("table " + name + ": checksum failed: " + e.getMessage(), e);
        }
    }

    /**
     * The columns both tables have, in {@code a}'s order: what {@code compare} checksums on each side (a column on
     * one side only would make equal tables differ).
     *
     * @throws CopyException naming a table missing on its side
     */
    public static List<String> commonColumns(Connection a, String tableA, Connection b, String tableB) {
        RelName na = RelName.parse(tableA);
        RelName nb = RelName.parse(tableB);
        try {
            List<Catalog.Column> colsA = Catalog.columns(a, Catalog.table(a, na, "provider").oid());
            List<String> namesB = Catalog.columns(b, Catalog.table(b, nb, "subscriber").oid()).stream()
                    .map(Catalog.Column::name).toList();
            return colsA.stream().map(Catalog.Column::name).filter(namesB::contains).toList();
        } catch (SQLException e) {
            throw new CopyException("table " + na + ": " + e.getMessage(), e);
        }
    }

    static Checksum query(Connection conn, RelName name, List<String> columns, boolean countOnly, String condition)
            throws SQLException {
        Catalog.Rel rel = Catalog.table(conn, name, "database " + conn.getCatalog());
        String from = (rel.partitioned() ? "" : "only ") + name.quoted()
                + (condition == null ? "" : " where (" + condition + ")");
        String sql;
        if (countOnly) {
            sql = "select count(*), null from " + from;
        } else {
            sql = "select count(*), coalesce(sum(('x' || substr(md5(" + rowText(conn, rel, columns)
                    + "), 1, 16))::bit(64)::bigint), 0)::text from " + from;
        }
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new Checksum(rs.getLong(1), rs.getString(2));
        }
    }

    /** {@code row(a, encode(float8send(b), 'hex'), ...)::text}: one text per row, alike on every version. */
    static String rowText(Connection conn, Catalog.Rel rel, List<String> columns) throws SQLException {
        Map<String, Catalog.Column> byName = new HashMap<>();
        List<Catalog.Column> all = Catalog.columns(conn, rel.oid());
        all.forEach(c -> byName.put(c.name(), c));
        List<Catalog.Column> chosen = new ArrayList<>();
        if (columns == null || columns.isEmpty()) {
            chosen.addAll(all);
        } else {
            for (String c : columns) {
                Catalog.Column col = byName.get(c);
                if (col == null) {
                    throw new CopyException("table " + rel.name() + ": no column " + Quote.ident(c));
                }
                chosen.add(col);
            }
        }
        List<String> exprs = new ArrayList<>();
        for (Catalog.Column c : chosen) {
            String id = Quote.ident(c.name());
            if (c.baseTypeOid() == FLOAT8) {
                exprs.add("encode(float8send(" + id + "::float8), 'hex')");
            } else if (c.baseTypeOid() == FLOAT4) {
                exprs.add("encode(float4send(" + id + "::float4), 'hex')");
            } else {
                exprs.add(id);
            }
        }
        // a one-column row() still prints as (value), so one and many columns take the same path
        return "row(" + String.join(", ", exprs) + ")::text";
    }
}
