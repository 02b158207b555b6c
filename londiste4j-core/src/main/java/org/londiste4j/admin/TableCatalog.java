package org.londiste4j.admin;

import org.londiste4j.db.Db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin commands need to know of a node's own tables before they register any: whether each exists,
 * has a primary key (replication needs one), and whether it is a partitioned table or one of its partitions
 * (a partitioned table is replicated whole through its parent, SPEC.md 6.10). Read-only catalog queries that
 * work on PostgreSQL 9.6 (no partitions there) to 18.
 */
public final class TableCatalog {
    /** The facts about one table name; {@code exists} false means nothing else is known. */
    public record TableFacts(String name, boolean exists, boolean partitioned, boolean partition,
                             boolean hasPrimaryKey) {
        static TableFacts missing(String name) {
            return new TableFacts(name, false, false, false, false);
        }
    }

    private static final String FACTS_SQL = """
            select n.nspname || '.' || c.relname, c.relkind::text = 'p', %s,
                   exists (select 1 from pg_catalog.pg_index i where i.indrelid = c.oid and i.indisprimary)
                   -- PostgreSQL 10: a partitioned table has no key of its own; the one all its leaves share
                   or (c.relkind::text = 'p' and coalesce((
                       with recursive parts(oid) as (
                           select h.inhrelid from pg_catalog.pg_inherits h where h.inhparent = c.oid
                           union all
                           select h.inhrelid from parts p join pg_catalog.pg_inherits h on h.inhparent = p.oid)
                       select count(*) > 0 and count(k.cols) = count(*) and count(distinct k.cols) = 1
                         from parts p
                         join pg_catalog.pg_class pc on pc.oid = p.oid and pc.relkind = 'r'
                         cross join lateral (
                             select (select array_agg(a.attname::text order by a.attname)
                                       from pg_catalog.pg_index i
                                       join pg_catalog.pg_attribute a
                                         on a.attrelid = p.oid and a.attnum = any (i.indkey::int2[])
                                      where i.indrelid = p.oid and i.indisprimary) as cols) k), false))
              from pg_catalog.pg_class c
              join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and n.nspname || '.' || c.relname = any (?)
            """;

    private TableCatalog() {
    }

    /** Facts for each name (qualified, as londiste stores them), in the order given. */
    public static Map<String, TableFacts> facts(Connection c, List<String> names) {
        var out = new LinkedHashMap<String, TableFacts>();
        names.forEach(n -> out.put(n, TableFacts.missing(n)));
        if (names.isEmpty()) {
            return out;
        }
        try {
            // relispartition is 10+; 9.6 has no declarative partitions
            String partition = c.getMetaData().getDatabaseMajorVersion() >= 10 ? "c.relispartition" : "false";
            try (PreparedStatement ps = c.prepareStatement(String.format(FACTS_SQL, partition))) {
                ps.setArray(1, c.createArrayOf("text", names.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String n = rs.getString(1);
                        out.put(n, new TableFacts(n, true, rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Db.DbException("tables " + String.join(", ", names) + ": cannot read the catalog: "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * The partitioned tables of the database that are not partitions themselves (10+; empty on 9.6), outside the
     * system and replication schemas: {@code add-table --all} on the root picks them where the original's list of
     * plain tables has only their partitions.
     */
    public static List<String> partitionedParents(Connection c) {
        try {
            if (c.getMetaData().getDatabaseMajorVersion() < 10) {
                return List.of();
            }
            var out = new java.util.ArrayList<String>();
            try (PreparedStatement ps = c.prepareStatement("select n.nspname || '.' || c.relname"
                    + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                    + " where c.relkind = 'p' and not c.relispartition and n.nspname not in ('pg_catalog',"
                    + " 'information_schema', 'pgq', 'pgq_node', 'londiste', 'pgq_ext') and n.nspname !~ '^pg_'"
                    + " order by 1");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Db.DbException("partitioned tables: cannot read the catalog: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }
}
