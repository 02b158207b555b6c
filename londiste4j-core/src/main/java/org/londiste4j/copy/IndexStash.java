package org.londiste4j.copy;

import org.londiste4j.db.Quote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The destination's secondary indexes and non-foreign-key constraints, dropped for the initial copy and rebuilt
 * after it (as londiste's copy does: building an index once over all rows is much cheaper than maintaining it row
 * by row). Foreign keys are not touched: the worker parks those in {@code londiste.pending_fkeys}.
 *
 * <p>Invariant: drop and rebuild run in the subscriber's one transaction, so a crash or rollback in between leaves
 * every index in place; nothing needs to be remembered across it (the original stores {@code dropped_ddl} because
 * it commits in between). Left alone: indexes an FK or the replica identity depends on, clustered indexes and
 * those a partitioned parent owns on a partition (they come back with the parent's).
 */
public final class IndexStash {
    private static final Logger log = LoggerFactory.getLogger(IndexStash.class);

    /** One dropped object and the statement that puts it back. */
    public record Dropped(String what, String drop, String restore) {
    }

    private final List<Dropped> dropped;

    private IndexStash(List<Dropped> dropped) {
        this.dropped = dropped;
    }

    // p first: unique and exclusion constraints, then checks, are rebuilt after the primary key
    private static final String CONSTRAINTS = """
            select c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid)
              from pg_catalog.pg_constraint c
             where c.conrelid = ? and c.contype in ('p', 'u', 'x', 'c') and c.conislocal
               and not exists (select 1 from pg_catalog.pg_inherits h where c.conindid <> 0 and h.inhrelid = c.conindid)
               and not exists (select 1 from pg_catalog.pg_constraint f
                                where f.contype = 'f' and c.conindid <> 0 and f.conindid = c.conindid)
               and not exists (select 1 from pg_catalog.pg_index i
                                where i.indexrelid = c.conindid and (i.indisreplident or i.indisclustered))
             order by case c.contype when 'p' then 0 when 'u' then 1 when 'x' then 2 else 3 end, c.conname""";

    private static final String INDEXES = """
            select ci.relname, pg_catalog.pg_get_indexdef(i.indexrelid)
              from pg_catalog.pg_index i join pg_catalog.pg_class ci on ci.oid = i.indexrelid
             where i.indrelid = ? and not i.indisreplident and not i.indisclustered
               and not exists (select 1 from pg_catalog.pg_constraint c where c.conindid = i.indexrelid
                                  and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
               and not exists (select 1 from pg_catalog.pg_constraint f
                                where f.contype = 'f' and f.conindid = i.indexrelid)
               and not exists (select 1 from pg_catalog.pg_inherits h where h.inhrelid = i.indexrelid)
             order by ci.relname""";

    /**
     * Drops what can be rebuilt, in the subscriber's open transaction.
     *
     * @param withPrimaryKey drop the primary key too (it is rebuilt first)
     */
    static IndexStash drop(Connection sub, Catalog.Rel dest, boolean withPrimaryKey) throws SQLException {
        List<Dropped> out = new ArrayList<>();
        String table = dest.name().quoted();
        try (PreparedStatement ps = sub.prepareStatement(CONSTRAINTS)) {
            ps.setLong(1, dest.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if (type.equals("p") && !withPrimaryKey) {
                        continue;
                    }
                    String name = Quote.ident(rs.getString(1));
                    out.add(new Dropped("constraint " + name,
                            "alter table " + table + " drop constraint " + name,
                            "alter table " + table + " add constraint " + name + " " + rs.getString(3)));
                }
            }
        }
        out.addAll(indexes(sub, dest));
        for (Dropped d : out) {
            log.debug("copy {}: dropping {}", table, d.what());
            run(sub, d.drop(), table, d.what(), "drop");
        }
        return new IndexStash(out);
    }

    /**
     * The secondary indexes of {@code destTable} on the subscriber that a copy drops (those of no constraint, no
     * foreign key, replica identity or clustering, not a partition's share of its parent's), each with its drop and
     * rebuild statement; nothing is dropped here. For a merged table's copies (worker.MergedCopy), which drop them
     * across several partitions' copy transactions.
     */
    public static List<Dropped> secondaryIndexes(Connection sub, String destTable) throws SQLException {
        return indexes(sub, Catalog.table(sub, RelName.parse(destTable), "subscriber"));
    }

    private static List<Dropped> indexes(Connection sub, Catalog.Rel dest) throws SQLException {
        List<Dropped> out = new ArrayList<>();
        try (PreparedStatement ps = sub.prepareStatement(INDEXES)) {
            ps.setLong(1, dest.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = Quote.fqIdent(dest.name().schema(), rs.getString(1));
                    // a partitioned parent's index reads "ON ONLY t": rebuilt plainly it covers the partitions again
                    String def = rs.getString(2).replaceFirst(" ON ONLY ", " ON ");
                    out.add(new Dropped("index " + name, "drop index " + name, def));
                }
            }
        }
        return out;
    }

    /** Rebuilds everything dropped, in the order dropped (primary key first). */
    void restore(Connection sub, Catalog.Rel dest) throws SQLException {
        for (Dropped d : dropped) {
            long t0 = System.nanoTime();
            run(sub, d.restore(), dest.name().quoted(), d.what(), "rebuild");
            log.debug("copy {}: rebuilt {} in {} ms", dest.name(), d.what(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    List<Dropped> dropped() {
        return dropped;
    }

    private static void run(Connection sub, String sql, String table, String what, String verb) {
        try {
            Catalog.exec(sub, sql);
        } catch (SQLException e) {
            throw new CopyException("table " + table + ": cannot " + verb + " " + what + ": " + e.getMessage(), e);
        }
    }
}
