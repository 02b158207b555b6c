package org.londiste4j.copy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The provider's idea of how big a table's initial copy is: its rows and its size on disk (heap and TOAST),
 * asked before the copy starts so that {@code status} can say how far it is and how long it has left (SPEC 5).
 * A partitioned table counts its partitions, as its copy reads them.
 *
 * <p>Rows come from the statistics as the planner scales them: {@code reltuples} per page of the last VACUUM or
 * ANALYZE times the pages the table has now, so a table that grew since is still estimated honestly. A table
 * that was never analyzed has no statistics: up to {@value #COUNT_PAGES} pages (all such partitions together) are
 * counted, more are sampled ({@code TABLESAMPLE SYSTEM}, about that many pages read), never scanned whole.
 * Hazard: the sample is a query on the provider; it runs in the caller's transaction and {@link #of} never lets it
 * fail the copy.
 *
 * @param rows  the estimated row count, null when unknown
 * @param bytes the size on disk in bytes, null when unknown
 */
public record CopyEstimate(Long rows, Long bytes) {
    private static final Logger log = LoggerFactory.getLogger(CopyEstimate.class);
    /** Up to this many pages a table without statistics is counted; above, sampled down to about this many. */
    static final long COUNT_PAGES = 2560;

    /** Nothing known. */
    public static final CopyEstimate UNKNOWN = new CopyEstimate(null, null);

    /**
     * Estimates {@code table} (the provider's name) on {@code provider}, in its open transaction (autocommit off),
     * which it leaves open: the caller commits or rolls it back. Unknown (and the transaction to roll back) when
     * the table is missing or the catalogs cannot be read.
     */
    public static CopyEstimate of(Connection provider, String table) {
        try {
            return read(provider, RelName.parse(table));
        } catch (SQLException | RuntimeException e) {
            log.debug("copy estimate of {}: {}", table, e.getMessage());
            return UNKNOWN;
        }
    }

    private record Part(String name, long pages, double tuples, long heapBytes, long tableBytes) {
    }

    private static CopyEstimate read(Connection c, RelName name) throws SQLException {
        // the relations a copy reads: the table itself, or a partitioned table's leaf partitions
        String sql = """
                with recursive rels(oid, relkind) as (
                    select c.oid, c.relkind from pg_catalog.pg_class c where c.oid = ?::text::regclass
                    union all
                    select c.oid, c.relkind
                      from rels r join pg_catalog.pg_inherits i on i.inhparent = r.oid
                      join pg_catalog.pg_class c on c.oid = i.inhrelid
                     where r.relkind = 'p')
                select c.oid::regclass::text, c.relpages, c.reltuples, pg_catalog.pg_relation_size(c.oid),
                       pg_catalog.pg_table_size(c.oid)
                  from rels r join pg_catalog.pg_class c on c.oid = r.oid
                 where c.relkind in ('r', 'm')""";
        List<Part> parts = new ArrayList<>();
        long block;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new Part(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select current_setting('block_size')::int8");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            block = rs.getLong(1);
        }
        long rows = 0;
        long bytes = 0;
        List<Part> unknown = new ArrayList<>();
        long unknownPages = 0;
        for (Part p : parts) {
            bytes += p.tableBytes();
            long pagesNow = p.heapBytes() / block;
            if (pagesNow == 0) {
                continue;
            }
            if (p.pages() > 0 && p.tuples() > 0) {
                rows += Math.round(p.tuples() / p.pages() * pagesNow);
            } else {
                unknown.add(p);
                unknownPages += pagesNow;
            }
        }
        // one budget of pages read for all the relations without statistics (a partitioned table may have many)
        double percent = unknownPages <= COUNT_PAGES ? 100 : 100.0 * COUNT_PAGES / unknownPages;
        for (Part p : unknown) {
            rows += sample(c, p.name(), percent);
        }
        return new CopyEstimate(rows, bytes);
    }

    /** Rows of a table without statistics: counted, or a page sample of {@code percent} scaled up. */
    private static long sample(Connection c, String quotedName, double percent) throws SQLException {
        String sql = percent >= 100 ? "select count(*) from only " + quotedName
                : "select count(*) from only " + quotedName + " tablesample system ("
                        + String.format(Locale.ROOT, "%.6f", percent) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Math.round(rs.getLong(1) * 100.0 / percent);
        }
    }
}
