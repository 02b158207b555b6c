package org.londiste4j.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One local table of a node that is not in sync yet, with where its initial copy stands, as the worker's copy
 * thread recorded it in {@code londiste.copy_progress} (read through {@code londiste.get_copy_progress}). What
 * {@code status} and {@code wait-sync} show per table (SPEC 5).
 *
 * @param table      the table's name in the set
 * @param mergeState its state ({@code null}: the worker has not picked it up yet)
 * @param stage      {@code copying}, {@code indexing}, {@code copied}, or null when no copy has started
 * @param rows       rows copied (0 without a record)
 * @param bytes      COPY bytes copied
 * @param estRows    the provider's row estimate when the copy started, null when unknown
 * @param estBytes   the provider's table size on disk, null when unknown
 * @param elapsed    seconds the copy has run (until committed, for {@code copied})
 * @param idle       seconds since the copy thread last wrote its record
 */
public record CopyState(String table, String mergeState, String stage, long rows, long bytes, Long estRows,
                        Long estBytes, double elapsed, double idle) {

    /** A copy that streams rows or rebuilds indexes now. */
    public boolean running() {
        return "copying".equals(stage) || "indexing".equals(stage);
    }

    /**
     * The tables of {@code queue} on the node {@code c} is connected to that are not {@code ok}. Empty where the
     * node's londiste schema keeps no progress (the original's extension, an older londiste4j): "no progress
     * known", never an error. Runs in {@code c}'s transaction, if any, and leaves it as it is.
     */
    public static List<CopyState> read(Connection c, String queue) throws SQLException {
        var out = new ArrayList<CopyState>();
        try (PreparedStatement ps = c.prepareStatement(
                "select to_regprocedure('londiste.get_copy_progress(text)') is not null");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return out;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select table_name, merge_state, stage, rows_copied,"
                + " bytes_copied, est_rows, est_bytes, elapsed, idle from londiste.get_copy_progress(?)")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CopyState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), nullableLong(rs, 6), nullableLong(rs, 7), rs.getDouble(8),
                            rs.getDouble(9)));
                }
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
