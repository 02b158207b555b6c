package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.db.Quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code repair}'s row diff: both sides of a table, read in snapshots at the same queue position
 * ({@link TableSync}), streamed in primary key order and merged, each row that differs turned into the statement
 * that makes this node's row equal to the provider's ({@code INSERT}, {@code UPDATE} of the changed columns,
 * {@code DELETE}).
 *
 * <p>Unlike the original (COPY both sides to files, coreutils {@code sort}, then merge) nothing is sorted outside
 * the databases and memory stays at one row per side: each side orders by the text form of its key columns in
 * the {@code "C"} collation, which is the code point order the merge compares in, so both streams and the merge
 * agree on the order whatever the servers' locales. Text forms are fixed for the read ({@code DateStyle} ISO,
 * {@code TimeZone} UTC, ...) so that equal values print alike on both majors; top-level float columns are compared
 * by their binary form (9.6 and 12+ print floats differently).
 *
 * <p>Hazard: the primary key must be the same on both sides ({@code check} says so when not); only the columns
 * both sides have are compared and written, generated columns are left out.
 */
public final class Repair {
    private static final int FETCH = 1000;
    private static final String[][] TEXT_IO = {{"DateStyle", "ISO, YMD"}, {"IntervalStyle", "postgres"},
            {"TimeZone", "UTC"}, {"bytea_output", "hex"}, {"extra_float_digits", "3"}, {"lc_monetary", "C"}};

    /** How many rows each kind of fix touched. */
    public record Stats(String table, long providerRows, long localRows, long inserts, long updates, long deletes) {
        public long fixes() {
            return inserts + updates + deletes;
        }
    }

    /** A column as the diff reads and writes it. */
    record Col(String name, boolean isFloat) {
        String text() {
            return Quote.ident(name) + "::text";
        }

        String compared() {
            String id = Quote.ident(name);
            return isFloat ? "encode(float8send(" + id + "::float8), 'hex')" : id + "::text";
        }
    }

    private Repair() {
    }

    /**
     * Diffs {@code srcTable} on the provider with {@code dstTable} here; every fix goes to {@code fixes} as one
     * SQL statement (ending in {@code ;}) on {@code dstTable}, in key order.
     *
     * @param where a condition both sides are filtered by ({@code --repair-where}), or null
     * @throws L4jException when a table is missing, has no primary key or the keys differ
     */
    public static Stats diff(Connection src, String srcTable, Connection dst, String dstTable, String where,
                             Consumer<String> fixes) {
        try {
            StructureCheck.Shape dstShape = shape(dst, dstTable);
            StructureCheck.Shape srcShape = shape(src, srcTable);
            List<String> pk = dstShape.primaryKey();
            List<String> srcPk = srcShape.primaryKey();
            if (pk.isEmpty() || !pk.equals(srcPk)) {
                throw new L4jException("repair: table " + dstTable + ": primary key " + pk + " here, " + srcPk
                        + " on the provider; they must be the same (see londiste3 CONFIG.ini check)");
            }
            List<Col> srcCols = columns(src, srcTable);
            List<String> dstNames = columns(dst, dstTable).stream().map(Col::name).toList();
            List<Col> cols = srcCols.stream().filter(c -> dstNames.contains(c.name())).toList();
            List<Integer> keyIdx = pk.stream().map(k -> indexOf(cols, k)).toList();
            fixText(src);
            fixText(dst);
            String sql = select(cols, keyIdx, where);
            String target = StructureCheck.fq(dstTable);
            // a partitioned table's rows are in its partitions: read and written without "only"
            String srcFrom = (srcShape.partitioned() ? "" : "only ") + StructureCheck.fq(srcTable);
            String dstOnly = dstShape.partitioned() ? "" : "only ";
            long nSrc = 0;
            long nDst = 0;
            long ins = 0;
            long upd = 0;
            long del = 0;
            try (Cursor a = new Cursor(src, sql.replace("%T", srcFrom), cols.size());
                 Cursor b = new Cursor(dst, sql.replace("%T", dstOnly + target), cols.size())) {
                String[][] ra = a.next();
                String[][] rb = b.next();
                while (ra != null || rb != null) {
                    int cmp = ra == null ? 1 : rb == null ? -1 : compareKeys(ra[1], rb[1], keyIdx);
                    if (cmp < 0) {
                        fixes.accept(insert(target, cols, ra[0]));
                        ins++;
                        nSrc++;
                        ra = a.next();
                    } else if (cmp > 0) {
                        fixes.accept(delete(dstOnly + target, cols, keyIdx, rb[0]));
                        del++;
                        nDst++;
                        rb = b.next();
                    } else {
                        String u = update(dstOnly + target, cols, keyIdx, ra, rb);
                        if (u != null) {
                            fixes.accept(u);
                            upd++;
                        }
                        nSrc++;
                        nDst++;
                        ra = a.next();
                        rb = b.next();
                    }
                }
            }
            return new Stats(dstTable, nSrc, nDst, ins, upd, del);
        } catch (SQLException e) {
            throw new L4jException("repair: table " + dstTable + ": " + e.getMessage().split("\n")[0], e);
        }
    }

    /** Key columns compared as PostgreSQL's {@code "C"} collation orders text: by code point. */
    static int compareKeys(String[] a, String[] b, List<Integer> keyIdx) {
        for (int i : keyIdx) {
            int c = compareCodePoints(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String select(List<Col> cols, List<Integer> keyIdx, String where) {
        List<String> exprs = new ArrayList<>();
        cols.forEach(c -> exprs.add(c.text()));
        cols.forEach(c -> exprs.add(c.compared()));
        List<String> order = new ArrayList<>();
        keyIdx.forEach(i -> order.add("(" + cols.get(i).compared() + ") collate \"C\""));
        return "select " + String.join(", ", exprs) + " from %T"
                + (where == null || where.isBlank() ? "" : " where (" + where + ")")
                + " order by " + String.join(", ", order);
    }

    private static String insert(String target, List<Col> cols, String[] text) {
        List<String> names = new ArrayList<>();
        List<String> vals = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            names.add(Quote.ident(cols.get(i).name()));
            vals.add(Quote.literal(text[i]));
        }
        return "insert into " + target + " (" + String.join(", ", names) + ") values (" + String.join(", ", vals)
                + ");";
    }

    private static String delete(String target, List<Col> cols, List<Integer> keyIdx, String[] text) {
        return "delete from " + target + " where " + keyCondition(cols, keyIdx, text) + ";";
    }

    /** The update that makes {@code here} equal to {@code there}, or null when they are equal already. */
    private static String update(String target, List<Col> cols, List<Integer> keyIdx, String[][] there,
                                 String[][] here) {
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (!java.util.Objects.equals(there[1][i], here[1][i])) {
                sets.add(Quote.ident(cols.get(i).name()) + " = " + Quote.literal(there[0][i]));
            }
        }
        if (sets.isEmpty()) {
            return null;
        }
        return "update " + target + " set " + String.join(", ", sets) + " where "
                + keyCondition(cols, keyIdx, here[0]) + ";";
    }

    private static String keyCondition(List<Col> cols, List<Integer> keyIdx, String[] text) {
        List<String> parts = new ArrayList<>();
        for (int i : keyIdx) {
            parts.add(Quote.ident(cols.get(i).name()) + " = " + Quote.literal(text[i]));
        }
        return String.join(" and ", parts);
    }

    private static int indexOf(List<Col> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new L4jException("repair: key column " + Quote.ident(name) + " is not on both sides");
    }

    /** Text forms fixed for the rest of the caller's transaction. */
    private static void fixText(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, true)")) {
            for (String[] kv : TEXT_IO) {
                ps.setString(1, kv[0]);
                ps.setString(2, kv[1]);
                ps.executeQuery().close();
            }
        }
    }

    static StructureCheck.Shape shape(Connection c, String table) throws SQLException {
        StructureCheck.Shape s = StructureCheck.shape(c, table);
        if (s == null) {
            throw new L4jException("repair: no table " + table + " in database " + c.getCatalog());
        }
        return s;
    }

    /** The table's columns in order, generated ones left out (they are computed on each side). */
    static List<Col> columns(Connection c, String table) throws SQLException {
        boolean pg12 = c.getMetaData().getDatabaseMajorVersion() >= 12;
        List<Col> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select a.attname, a.atttypid in (700, 701)"
                + " from pg_attribute a where a.attrelid = to_regclass(?)::oid and a.attnum > 0"
                + " and not a.attisdropped" + (pg12 ? " and a.attgenerated = ''" : "") + " order by a.attnum")) {
            ps.setString(1, StructureCheck.fq(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Col(rs.getString(1), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    /** A server-side cursor over one side's rows: [text forms, compared forms]. */
    private static final class Cursor implements AutoCloseable {
        private final Statement st;
        private final ResultSet rs;
        private final int n;

        Cursor(Connection c, String sql, int n) throws SQLException {
            this.n = n;
            st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(FETCH);
            rs = st.executeQuery(sql);
        }

        String[][] next() throws SQLException {
            if (!rs.next()) {
                return null;
            }
            String[][] row = new String[2][n];
            for (int i = 0; i < n; i++) {
                row[0][i] = rs.getString(i + 1);
                row[1][i] = rs.getString(n + i + 1);
            }
            return row;
        }

        @Override
        public void close() throws SQLException {
            rs.close();
            st.close();
        }
    }
}
