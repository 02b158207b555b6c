package org.londiste4j.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Catalog look-ups shared by copy, create and checksum, written to run unchanged on PostgreSQL 9.6 to 18 (the
 * version-dependent columns, {@code attgenerated} from 12 and {@code relkind 'p'} from 10, are chosen here). None
 * of them raises an error for a missing object, so they are safe inside a caller's transaction.
 */
final class Catalog {
    /** A relation found by name: its oid and {@code relkind} ({@code r} table, {@code p} partitioned, {@code S}). */
    record Rel(long oid, RelName name, char kind) {
        boolean partitioned() {
            return kind == 'p';
        }
    }

    /**
     * One live column.
     *
     * @param generated {@code attgenerated}: 0 for a plain column, {@code s} stored, {@code v} virtual (18)
     * @param binary    its type is built in (same oid on every server) and has binary send and receive
     */
    record Column(String name, String type, long typeOid, long baseTypeOid, char generated, boolean binary) {
    }

    private Catalog() {
    }

    /** {@code server_version_num}, e.g. 90624 or 180001. */
    static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String versionName(int num) {
        return num >= 100000 ? String.valueOf(num / 10000) : num / 10000 + "." + num / 100 % 100;
    }

    private static final String FIND = """
            select c.oid, c.relkind from pg_catalog.pg_class c
              join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             where n.nspname = ? and c.relname = ?""";

    static Optional<Rel> find(Connection c, RelName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Rel(rs.getLong(1), name, rs.getString(2).charAt(0)));
            }
        }
    }

    /** The table, or a {@link CopyException} naming it and the server's side. */
    static Rel table(Connection c, RelName name, String side) throws SQLException {
        Rel rel = find(c, name).orElseThrow(() -> new CopyException("table " + name + ": not found on the " + side));
        if (rel.kind() != 'r' && rel.kind() != 'p') {
            throw new CopyException("table " + name + ": not a table on the " + side + " (relkind " + rel.kind() + ")");
        }
        return rel;
    }

    // FirstNormalObjectId: types below it are built in and have the same oid on every server; reg* types send the
    // object's oid in binary, which names another object (or none) on the other server: their text is the name
    private static final String COLUMNS = """
            select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid,
                   case when t.typtype = 'd' then t.typbasetype else t.oid end,
                   %s,
                   a.atttypid < 16384 and t.typsend::oid <> 0 and t.typreceive::oid <> 0
                   and not exists (select 1 from pg_catalog.pg_type e
                                    where e.oid in (t.oid, t.typelem) and e.typname like 'reg%%')
              from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
             where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
             order by a.attnum""";

    static List<Column> columns(Connection c, long oid) throws SQLException {
        String gen = version(c) >= 120000 ? "a.attgenerated::text" : "''";
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS.formatted(gen))) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String g = rs.getString(5);
                    out.add(new Column(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            g == null || g.isEmpty() ? 0 : g.charAt(0), rs.getBoolean(6)));
                }
            }
        }
        return out;
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String scalarWith(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String scalarWithLong(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
