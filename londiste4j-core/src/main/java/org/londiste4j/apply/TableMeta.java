package org.londiste4j.apply;

import org.londiste4j.db.Quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the applier needs to know of one subscriber table, read from the catalogs once and kept until
 * {@link BatchApplier#invalidate}: its columns (which are generated, which are {@code GENERATED ALWAYS} identity,
 * the type a staging column needs), whether it is partitioned, and its unique keys.
 *
 * <p>Hazard: the cache is only as fresh as the last invalidate; DDL on the table (an EXECUTE event, a copy that
 * recreated it) must be followed by one, or statements name columns that are gone.
 */
final class TableMeta {
    /**
     * Key types whose text form is one per value (int2/4/8, oid, bool, text, varchar, uuid): two events with
     * different key texts never name the same row, so no duplicate check is needed on the set-wise path. numeric
     * ('1.0' = '1.00'), timestamps (DateStyle, TimeZone), bytea (bytea_output), char(n) are not.
     */
    private static final Set<Integer> CANONICAL_TEXT_TYPES = Set.of(16, 20, 21, 23, 25, 26, 1043, 2950);
    /** 0: not collatable, 100: the database default, 950: "C"; a nondeterministic collation is never these. */
    private static final Set<Integer> PLAIN_COLLATIONS = Set.of(0, 100, 950);

    /** One column of the subscriber table; {@code stageType} is the staging column's type (domains unwrapped). */
    record Column(String name, int num, String stageType, boolean generated, boolean identityAlways,
                  boolean notNull, boolean canonicalKey) {
    }

    final String name;
    final String quoted;
    final boolean partitioned;
    final List<Column> columns;
    final Map<String, Integer> index;
    final List<Set<String>> uniqueKeys;
    final boolean hasAlwaysIdentity;
    /** A plain table without rules: COPY into it does what an INSERT does (COPY ignores rules). */
    final boolean copyLikeInsert;

    private TableMeta(String name, String quoted, boolean partitioned, boolean copyLikeInsert, List<Column> columns,
                      List<Set<String>> uniqueKeys) {
        this.name = name;
        this.quoted = quoted;
        this.partitioned = partitioned;
        this.copyLikeInsert = copyLikeInsert;
        this.columns = List.copyOf(columns);
        this.uniqueKeys = List.copyOf(uniqueKeys);
        Map<String, Integer> idx = new HashMap<>();
        boolean ident = false;
        for (int i = 0; i < columns.size(); i++) {
            idx.put(columns.get(i).name(), i);
            ident |= columns.get(i).identityAlways();
        }
        this.index = idx;
        this.hasAlwaysIdentity = ident;
    }

    /** {@code only } before the table in UPDATE/DELETE as the original writes it, except on a partitioned table. */
    String only() {
        // ONLY on a partitioned parent matches no row at all (the rows live in the partitions): an UPDATE or DELETE
        // with it would silently do nothing
        return partitioned ? "" : "only ";
    }

    Column column(String col) {
        Integer i = index.get(col);
        return i == null ? null : columns.get(i);
    }

    /** True when {@code keyCols} are exactly the columns of a unique key (PK, or a plain unique index on NOT NULL). */
    boolean isUniqueKey(List<String> keyCols) {
        if (keyCols.isEmpty()) {
            return false;
        }
        Set<String> want = new HashSet<>(keyCols);
        if (want.size() != keyCols.size()) {
            return false;
        }
        return uniqueKeys.contains(want);
    }

    /** True when two different texts of these key columns may still name the same row. */
    boolean keyNeedsDuplicateCheck(List<String> keyCols) {
        for (String k : keyCols) {
            Column c = column(k);
            if (c == null || !c.canonicalKey()) {
                return true;
            }
        }
        return false;
    }

    static TableMeta load(Connection c, String table) throws SQLException {
        int major = c.getMetaData().getDatabaseMajorVersion();
        String quoted = Quote.fqIdent(table);
        long oid;
        boolean partitioned;
        boolean copyLikeInsert;
        try (PreparedStatement ps = c.prepareStatement("select c.oid, c.relkind::text, c.relhasrules"
                + " from pg_catalog.pg_class c where c.oid = ?::regclass")) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                oid = rs.getLong(1);
                partitioned = "p".equals(rs.getString(2));
                copyLikeInsert = "r".equals(rs.getString(2)) && !rs.getBoolean(3);
            }
        }
        String gen = major >= 12 ? "a.attgenerated <> ''" : "false";
        String ident = major >= 10 ? "a.attidentity = 'a'" : "false";
        List<Column> cols = new ArrayList<>();
        Map<Integer, String> byNum = new HashMap<>();
        Map<Integer, Boolean> notNullByNum = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select a.attname, a.attnum, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                        + " t.typtype::text, a.attcollation,"
                        + " quote_ident(cn.nspname) || '.' || quote_ident(co.collname),"
                        + " a.attnotnull, " + gen + ", " + ident
                        + " from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid"
                        + " left join pg_catalog.pg_collation co on co.oid = a.attcollation"
                        + " left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace"
                        + " where a.attrelid = ? and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    int num = rs.getInt(2);
                    int typeOid = rs.getInt(3);
                    boolean domain = "d".equals(rs.getString(5));
                    int coll = rs.getInt(6);
                    String collName = rs.getString(7);
                    boolean notNull = rs.getBoolean(8);
                    // a domain's staging column takes the base type, so that a staged DELETE (key columns only,
                    // the others NULL) passes a NOT NULL or CHECK domain; the domain's checks still run when the
                    // value reaches the table (resolved below, rare)
                    String stageType = domain ? "domain:" + typeOid : rs.getString(4);
                    if (coll != 0 && collName != null) {
                        stageType += " collate " + collName;
                    }
                    boolean canonical = !domain && CANONICAL_TEXT_TYPES.contains(typeOid)
                            && PLAIN_COLLATIONS.contains(coll);
                    cols.add(new Column(name, num, stageType, rs.getBoolean(9), rs.getBoolean(10), notNull,
                            canonical));
                    byNum.put(num, name);
                    notNullByNum.put(num, notNull);
                }
            }
        }
        for (int i = 0; i < cols.size(); i++) {
            Column col = cols.get(i);
            if (col.stageType().startsWith("domain:")) {
                String rest = col.stageType().substring("domain:".length());
                int sp = rest.indexOf(' ');
                int typeOid = Integer.parseInt(sp < 0 ? rest : rest.substring(0, sp));
                String type = unwrapDomain(c, typeOid) + (sp < 0 ? "" : rest.substring(sp));
                cols.set(i, new Column(col.name(), col.num(), type, col.generated(), col.identityAlways(),
                        col.notNull(), false));
            }
        }
        List<Set<String>> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select i.indkey::text from pg_catalog.pg_index i where i.indrelid = ? and i.indisunique"
                        + " and i.indisvalid and i.indpred is null and i.indexprs is null"
                        + " order by i.indisprimary desc, i.indexrelid")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                next:
                while (rs.next()) {
                    Set<String> key = new HashSet<>();
                    for (String n : rs.getString(1).trim().split(" +")) {
                        int num = Integer.parseInt(n);
                        // a nullable column lets two rows share the key (NULLs are distinct): not a row address
                        if (!byNum.containsKey(num) || !notNullByNum.get(num)) {
                            continue next;
                        }
                        key.add(byNum.get(num));
                    }
                    keys.add(key);
                }
            }
        }
        return new TableMeta(table, quoted, partitioned, copyLikeInsert, cols, keys);
    }

    private static String formatType(Connection c, int typeOid, int typmod) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_catalog.format_type(?::oid, ?)")) {
            ps.setInt(1, typeOid);
            ps.setInt(2, typmod);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The base type (with the innermost domain's typmod) under a chain of domains, as format_type prints it. */
    private static String unwrapDomain(Connection c, int typeOid) throws SQLException {
        int cur = typeOid;
        int typmod = -1;
        for (int depth = 0; depth < 100; depth++) {
            try (PreparedStatement ps = c.prepareStatement(
                    "select t.typtype::text, t.typbasetype, t.typtypmod from pg_catalog.pg_type t where t.oid = ?")) {
                ps.setInt(1, cur);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!"d".equals(rs.getString(1))) {
                        break;
                    }
                    cur = rs.getInt(2);
                    typmod = rs.getInt(3);
                }
            }
        }
        return formatType(c, cur, typmod);
    }
}
