package org.londiste4j.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a table's or sequence's definition from the provider's catalogs (9.6 to 18), for {@link TableDdl}. Runs
 * with {@code search_path = pg_catalog} set by the caller, so that {@code format_type}, {@code pg_get_expr},
 * {@code pg_get_indexdef} and {@code pg_get_constraintdef} qualify every name.
 */
final class DdlReader {
    private final Connection conn;
    private final int version;

    DdlReader(Connection conn) throws SQLException {
        this.conn = conn;
        this.version = Catalog.version(conn);
    }

    private static final String COLUMNS = """
            select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid),
                   case when a.attcollation <> 0 and a.attcollation <> t.typcollation
                        then pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) end,
                   %s, %s, pg_catalog.col_description(a.attrelid, a.attnum)
              from pg_catalog.pg_attribute a
              join pg_catalog.pg_type t on t.oid = a.atttypid
              left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
              left join pg_catalog.pg_collation co on co.oid = a.attcollation
              left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
             where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
             order by a.attnum""";

    private static final String CONSTRAINTS = """
            select c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid),
                   case when c.contype = 'f' then pg_catalog.quote_ident(rn.nspname) || '.'
                        || pg_catalog.quote_ident(r.relname) end
              from pg_catalog.pg_constraint c
              left join pg_catalog.pg_class r on r.oid = c.confrelid
              left join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
             where c.conrelid = ? and c.contype in ('p', 'u', 'x', 'c', 'f') and c.conislocal
             order by c.conname""";

    private static final String INDEXES = """
            select ci.relname, pg_catalog.pg_get_indexdef(i.indexrelid), %s, %s
              from pg_catalog.pg_index i join pg_catalog.pg_class ci on ci.oid = i.indexrelid
             where i.indrelid = ? and not exists (select 1 from pg_catalog.pg_constraint c
                     where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
             order by ci.relname""";

    private static final String OWNED_SEQUENCES = """
            select n.nspname, s.relname, a.attname, d.deptype
              from pg_catalog.pg_depend d
              join pg_catalog.pg_class s on s.oid = d.objid and s.relkind = 'S'
              join pg_catalog.pg_namespace n on n.oid = s.relnamespace
              join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
             where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
               and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
               and d.refobjid = ? and d.refobjsubid > 0 and d.deptype in ('a', 'i')
             order by a.attnum""";

    /** Sequences the column defaults depend on ({@code nextval('invoice_no')}), owned by this table or not. */
    private static final String DEFAULT_SEQUENCES = """
            select distinct n.nspname, s.relname
              from pg_catalog.pg_attrdef ad
              join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                                         and d.objid = ad.oid
              join pg_catalog.pg_class s on s.oid = d.refobjid and s.relkind = 'S'
              join pg_catalog.pg_namespace n on n.oid = s.relnamespace
             where ad.adrelid = ? and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
             order by 1, 2""";

    private static final String PARTITIONS = """
            select n.nspname, c.relname, pg_catalog.pg_get_expr(c.relpartbound, c.oid), c.relkind, c.oid
              from pg_catalog.pg_inherits i
              join pg_catalog.pg_class c on c.oid = i.inhrelid
              join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             where i.inhparent = ? and c.relispartition
             order by n.nspname, c.relname""";

    TableDefinition table(RelName name) throws SQLException {
        Catalog.Rel rel = Catalog.table(conn, name, "provider");
        List<String[]> owned = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(OWNED_SEQUENCES)) {
            ps.setLong(1, rel.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owned.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        List<TableDefinition.Column> columns = new ArrayList<>();
        String identity = version >= 100000 ? "a.attidentity::text" : "''";
        String generated = version >= 120000 ? "a.attgenerated::text" : "''";
        try (PreparedStatement ps = conn.prepareStatement(COLUMNS.formatted(identity, generated))) {
            ps.setLong(1, rel.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String col = rs.getString(1);
                    char id = flag(rs.getString(6));
                    char gen = flag(rs.getString(7));
                    SequenceDefinition idSeq = null;
                    if (id != 0) {
                        for (String[] o : owned) {
                            if (o[3].equals("i") && o[2].equals(col)) {
                                idSeq = sequence(new RelName(o[0], o[1])).orElse(null);
                            }
                        }
                    }
                    String expr = rs.getString(4);
                    columns.add(new TableDefinition.Column(col, rs.getString(2), rs.getString(5), rs.getBoolean(3),
                            gen == 0 ? expr : null, id, idSeq, gen, gen != 0 ? expr : null, rs.getString(8)));
                }
            }
        }
        TableDefinition.Constraint pk = null;
        List<TableDefinition.Constraint> constraints = new ArrayList<>();
        List<TableDefinition.Constraint> fkeys = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(CONSTRAINTS)) {
            ps.setLong(1, rel.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var c = new TableDefinition.Constraint(rs.getString(1), rs.getString(2).charAt(0),
                            rs.getString(3), rs.getString(4));
                    switch (c.type()) {
                        case 'p' -> pk = c;
                        case 'f' -> fkeys.add(c);
                        default -> constraints.add(c);
                    }
                }
            }
        }
        if (pk == null && rel.partitioned()) {
            pk = sharedPartitionKey(rel.oid(), name.name());
        }
        List<TableDefinition.Index> indexes = new ArrayList<>();
        String include = version >= 110000 ? "i.indnkeyatts < i.indnatts" : "false";
        String nnd = version >= 150000 ? "i.indnullsnotdistinct" : "false";
        try (PreparedStatement ps = conn.prepareStatement(INDEXES.formatted(include, nnd))) {
            ps.setLong(1, rel.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.add(new TableDefinition.Index(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            rs.getBoolean(4)));
                }
            }
        }
        List<SequenceDefinition> sequences = new ArrayList<>();
        for (String[] o : owned) {
            if (o[3].equals("a")) {
                sequence(new RelName(o[0], o[1])).ifPresent(sequences::add);
            }
        }
        List<SequenceDefinition> defaultSequences = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(DEFAULT_SEQUENCES)) {
            ps.setLong(1, rel.oid());
            List<RelName> used = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    used.add(new RelName(rs.getString(1), rs.getString(2)));
                }
            }
            for (RelName u : used) {
                // a serial's own sequence travels with its column already
                if (owned.stream().noneMatch(o -> o[0].equals(u.schema()) && o[1].equals(u.name()))) {
                    sequence(u).ifPresent(defaultSequences::add);
                }
            }
        }
        String partKey = rel.partitioned() ? Catalog.scalarWithLong(conn, "select pg_catalog.pg_get_partkeydef(?)",
                rel.oid()) : null;
        List<TableDefinition.Partition> parts = rel.partitioned() ? partitions(rel.oid()) : List.of();
        String comment = Catalog.scalarWithLong(conn, "select pg_catalog.obj_description(?, 'pg_class')", rel.oid());
        return new TableDefinition(name.schema(), name.name(), version, columns, pk, partKey, parts, indexes,
                constraints, fkeys, sequences, defaultSequences, comment);
    }

    /** The key every leaf partition has, in the first leaf's form (10+: a sub-partition reports no key). */
    private static final String SHARED_KEY = """
            with recursive parts(oid) as (
                select h.inhrelid from pg_catalog.pg_inherits h where h.inhparent = ?
                union all
                select h.inhrelid from parts p join pg_catalog.pg_inherits h on h.inhparent = p.oid
            ), keys as (
                select p.oid,
                       (select pg_catalog.pg_get_constraintdef(k.oid) from pg_catalog.pg_constraint k
                         where k.conrelid = p.oid and k.contype = 'p') as def,
                       (select array_agg(a.attname::text order by a.attname) from pg_catalog.pg_constraint k
                          join pg_catalog.pg_attribute a on a.attrelid = p.oid and a.attnum = any (k.conkey)
                         where k.conrelid = p.oid and k.contype = 'p') as cols
                  from parts p join pg_catalog.pg_class c on c.oid = p.oid
                 where c.relkind = 'r'
            )
            select (select k.def from keys k order by k.oid limit 1)
              from keys
            having count(*) > 0 and count(cols) = count(*) and count(distinct cols) = 1""";

    /**
     * PostgreSQL 10 has no primary key on a partitioned table, only on each partition: the key of a partitioned
     * table there is the one all its leaf partitions have (the same columns), or none.
     */
    private TableDefinition.Constraint sharedPartitionKey(long parent, String table) throws SQLException {
        String def = Catalog.scalarWithLong(conn, SHARED_KEY, parent);
        return def == null ? null : new TableDefinition.Constraint(table + "_pkey", 'p', def, null);
    }

    private List<TableDefinition.Partition> partitions(long parent) throws SQLException {
        List<Object[]> found = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(PARTITIONS)) {
            ps.setLong(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)});
                }
            }
        }
        List<TableDefinition.Partition> out = new ArrayList<>();
        for (Object[] f : found) {
            long oid = (Long) f[4];
            boolean sub = "p".equals(f[3]);
            out.add(new TableDefinition.Partition((String) f[0], (String) f[1], (String) f[2],
                    sub ? Catalog.scalarWithLong(conn, "select pg_catalog.pg_get_partkeydef(?)", oid) : null,
                    sub ? partitions(oid) : List.of()));
        }
        return out;
    }

    private static final String SEQ_10 = """
            select pg_catalog.format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                   s.seqcache, s.seqcycle
              from pg_catalog.pg_sequence s where s.seqrelid = ?""";

    private static final String SEQ_OWNER = """
            select pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname), a.attname
              from pg_catalog.pg_depend d
              join pg_catalog.pg_class t on t.oid = d.refobjid
              join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace
              join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
             where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = ?
               and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjsubid > 0
               and d.deptype in ('a', 'i')""";

    Optional<SequenceDefinition> sequence(RelName name) throws SQLException {
        Optional<Catalog.Rel> found = Catalog.find(conn, name);
        if (found.isEmpty() || found.get().kind() != 'S') {
            return Optional.empty();
        }
        long oid = found.get().oid();
        String owner = null;
        String column = null;
        try (PreparedStatement ps = conn.prepareStatement(SEQ_OWNER)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    owner = rs.getString(1);
                    column = rs.getString(2);
                }
            }
        }
        String sql = version >= 100000 ? SEQ_10
                : "select 'bigint', start_value, increment_by, min_value, max_value, cache_value, is_cycled from "
                + name.quoted();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (version >= 100000) {
                ps.setLong(1, oid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new SequenceDefinition(name.schema(), name.name(), rs.getString(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getBoolean(7), owner,
                        column));
            }
        }
    }

    private static char flag(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }
}
