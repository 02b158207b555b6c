package org.londiste4j.admin;

import org.londiste4j.db.Db;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}: the structure of each table added here against the provider's (a stub in the original): column
 * by column, name and type as {@code format_type} prints them, then NOT NULL and the primary key columns. Only
 * what replication needs is compared: a column the provider has and this node lacks loses data; a type that
 * differs may refuse values; a column NOT NULL here only refuses the provider's NULLs; another primary key applies
 * updates and deletes to other rows. Defaults, indexes and other constraints may differ on purpose.
 */
public final class StructureCheck {
    /** One table's differences; empty means the columns match. */
    public record Result(String table, List<String> differences) {
    }

    private final AdminSettings settings;

    public StructureCheck(AdminSettings settings) {
        this.settings = settings;
    }

    public List<Result> run(List<String> names) {
        String queue = settings.queue();
        try (Connection local = settings.connectLocal()) {
            NodeInfo node = NodeAdmin.requireNode(local, queue);
            if (node.nodeType() == NodeType.ROOT) {
                throw new AdminException("check: this node is the root; run check on a branch or leaf");
            }
            var mine = TableAdmin.byName(new LondisteApi(local).getTableList(queue).stream()
                    .filter(TableInfo::local).toList(), TableInfo::tableName);
            List<String> tables = names.isEmpty() ? List.copyOf(mine.keySet())
                    : TableAdmin.resolveExisting("check", names, false, List.copyOf(mine.keySet()), false,
                    "not added on this node");
            var out = new ArrayList<Result>();
            try (Connection provider = new TableAdmin(settings).openProvider(local, node, null)) {
                var theirs = TableAdmin.byName(new LondisteApi(provider).getTableList(queue), TableInfo::tableName);
                for (String t : tables) {
                    TableInfo p = theirs.get(t);
                    if (p == null || !p.local()) {
                        out.add(new Result(t, List.of("not replicated by the provider")));
                        continue;
                    }
                    var d = new ArrayList<>(diff(columns(provider, p.localName()), columns(local, mine.get(t)
                            .localName())));
                    d.addAll(keys(shape(provider, p.localName()), shape(local, mine.get(t).localName())));
                    out.add(new Result(t, d));
                }
                provider.rollback();
            }
            local.rollback();
            return out;
        } catch (SQLException e) {
            throw new Db.DbException("check: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    static List<String> diff(Map<String, String> provider, Map<String, String> here) {
        var out = new ArrayList<String>();
        if (provider.isEmpty()) {
            out.add("no such table on the provider");
        } else if (here.isEmpty()) {
            out.add("no such table here");
        } else {
            provider.forEach((c, type) -> {
                String mine = here.get(c);
                if (mine == null) {
                    out.add("column " + c + ": missing here (its values are not replicated)");
                } else if (!mine.equals(type)) {
                    out.add("column " + c + ": " + type + " on the provider, " + mine + " here");
                }
            });
            here.keySet().stream().filter(c -> !provider.containsKey(c))
                    .forEach(c -> out.add("column " + c + ": only here"));
        }
        return out;
    }

    private static Map<String, String> columns(Connection c, String table) throws SQLException {
        var out = new LinkedHashMap<String, String>();
        try (PreparedStatement ps = c.prepareStatement("select a.attname, pg_catalog.format_type(a.atttypid, "
                + "a.atttypmod) from pg_catalog.pg_attribute a join pg_catalog.pg_class r on r.oid = a.attrelid"
                + " join pg_catalog.pg_namespace n on n.oid = r.relnamespace where n.nspname || '.' || r.relname = ?"
                + " and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * A table's NOT NULL columns and primary key columns (in key order), as {@link #keys} compares them, and
     * whether it is partitioned (its rows are in its partitions: never read or written with {@code only}).
     */
    record Shape(Map<String, Boolean> notNull, List<String> primaryKey, boolean partitioned) {
    }

    /** NOT NULL of the columns both sides have, and the primary key; nothing when a table is missing. */
    static List<String> keys(Shape provider, Shape here) {
        var out = new ArrayList<String>();
        if (provider == null || here == null) {
            return out;
        }
        provider.notNull().forEach((c, nn) -> {
            Boolean mine = here.notNull().get(c);
            if (mine != null && !mine.equals(nn)) {
                out.add("column " + c + ": " + (nn ? "not null" : "nullable") + " on the provider, "
                        + (mine ? "not null" : "nullable") + " here");
            }
        });
        if (!provider.primaryKey().equals(here.primaryKey())) {
            out.add("primary key " + keyText(provider.primaryKey()) + " on the provider, "
                    + keyText(here.primaryKey()) + " here");
        }
        return out;
    }

    private static String keyText(List<String> key) {
        return key.isEmpty() ? "(none)" : "(" + String.join(", ", key) + ")";
    }

    /** The table's shape from the catalog, or null when there is no such table (or view, sequence...). */
    static Shape shape(Connection conn, String table) {
        try {
            Long oid;
            boolean partitioned = false;
            try (PreparedStatement ps = conn.prepareStatement("select c.oid::int8, c.relkind::text = 'p'"
                    + " from pg_catalog.pg_class c"
                    + " where c.oid = pg_catalog.to_regclass(?)::oid and c.relkind in ('r', 'p')")) {
                ps.setString(1, fq(table));
                try (ResultSet rs = ps.executeQuery()) {
                    oid = rs.next() ? rs.getLong(1) : null;
                    partitioned = oid != null && rs.getBoolean(2);
                }
            }
            if (oid == null) {
                return null;
            }
            Map<String, Boolean> nn = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("select attname, attnotnull from pg_catalog.pg_attribute"
                    + " where attrelid = ?::int8::oid and attnum > 0 and not attisdropped order by attnum")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nn.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
            List<String> pk = primaryKey(conn, oid);
            if (pk.isEmpty() && partitioned) {
                pk = sharedPartitionKey(conn, oid);
            }
            return new Shape(nn, pk, partitioned);
        } catch (SQLException e) {
            throw new AdminException("table " + table + ": " + e.getMessage());
        }
    }

    private static List<String> primaryKey(Connection conn, long oid) throws SQLException {
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("select a.attname from pg_catalog.pg_index i,"
                + " pg_catalog.generate_subscripts(i.indkey, 1) k join pg_catalog.pg_attribute a on true"
                + " where i.indrelid = ?::int8::oid and i.indisprimary and a.attrelid = i.indrelid"
                + " and a.attnum = i.indkey[k] order by k")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        return pk;
    }

    /**
     * PostgreSQL 10 has no primary key on a partitioned table: its key is the one every leaf partition has (as
     * {@code londiste.find_column_types} sees it), in the first leaf's key order; none when they differ.
     */
    private static List<String> sharedPartitionKey(Connection conn, long oid) throws SQLException {
        List<Long> leaves = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("with recursive parts(oid) as ("
                + " select h.inhrelid from pg_catalog.pg_inherits h where h.inhparent = ?::int8::oid"
                + " union all select h.inhrelid from parts p join pg_catalog.pg_inherits h on h.inhparent = p.oid)"
                + " select p.oid::int8 from parts p join pg_catalog.pg_class c on c.oid = p.oid"
                + " where c.relkind = 'r' order by p.oid")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(rs.getLong(1));
                }
            }
        }
        List<String> first = null;
        for (long leaf : leaves) {
            List<String> k = primaryKey(conn, leaf);
            if (k.isEmpty() || (first != null && !new java.util.HashSet<>(k).equals(new java.util.HashSet<>(first)))) {
                return List.of();
            }
            first = first == null ? k : first;
        }
        return first == null ? List.of() : first;
    }

    /** The registry's {@code schema.table} as regclass text (quoted parts, so that case and dots survive). */
    static String fq(String table) {
        if (table.indexOf('"') >= 0) {
            return table;
        }
        int dot = table.indexOf('.');
        if (dot < 0) {
            return "public." + Quote.ident(table);
        }
        return Quote.ident(table.substring(0, dot)) + "." + Quote.ident(table.substring(dot + 1));
    }
}
