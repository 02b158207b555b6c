package org.londiste4j.worker;

import org.londiste4j.londiste.TableInfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The initial copy of a <em>merged</em> table: one destination table fed by several partition queues (the merge
 * leaves of one combined queue in this database), each with a copy thread of its own worker. What keeps N copies
 * into one table from losing or doubling rows ({@code londiste._coordinate_copy} says each copy's
 * {@code copy_role}):
 * <ul>
 *   <li>only the {@code lead} (the first partition queue by name) may empty the table; the others wait
 *       ({@code wait-copy}) until the lead's copy is committed, then append ({@code wait-replay}). A copy whose
 *       table already holds another partition's committed rows never truncates, whatever its role (a partition
 *       added later with {@code --no-merge}; a resync resets every partition, see admin.MergedResync): its rows
 *       would be lost otherwise, and a duplicate key then stops the copy with an error instead of doubling a
 *       row;</li>
 *   <li>the copies serialize on the destination's table lock (each COPY, its index drop and rebuild are one
 *       transaction), so the indexes are rebuilt once per partition copy, not once for all: slower for many
 *       partitions, but a crash never leaves the table without its key between two copies;</li>
 *   <li>{@code max_parallel_copy} (add-table {@code --max-parallel-copy}) limits how many of one table's partition
 *       copies wait at once behind the lead ({@code copy_pos});</li>
 *   <li>a node <em>below</em> the combined queue copies the merged table only once every partition has it
 *       {@code ok} there: the rows a partition's copy brings (and its catch-up) are in no event of the combined
 *       queue, so a snapshot taken earlier would miss them for ever.</li>
 * </ul>
 */
final class MergedCopy {
    private static final String OTHERS_WITH_ROWS = "select count(*) from londiste.table_info t"
            + " join pgq_node.node_info n on n.queue_name = t.queue_name"
            + " join pgq_node.node_info n2 on n2.combined_queue = n.combined_queue"
            + " join londiste.table_info o on o.queue_name = n2.queue_name and o.queue_name <> t.queue_name"
            + "  and coalesce(o.dest_table, o.table_name) = coalesce(t.dest_table, t.table_name)"
            + " where t.queue_name = ? and t.table_name = ? and o.local"
            + "   and o.merge_state is not null and o.merge_state <> 'in-copy'";
    private static final String PENDING_PARTS = "select n.queue_name, coalesce(t.merge_state, 'waiting for copy')"
            + " from pgq_node.node_info n join londiste.table_info t on t.queue_name = n.queue_name"
            + " where n.combined_queue = ? and t.local and coalesce(t.dest_table, t.table_name) = ?"
            + "   and (t.merge_state is null or t.merge_state <> 'ok') order by 1";

    private MergedCopy() {
    }

    /** The copy must not wait for the lead and must not truncate: another partition's rows are in the table. */
    static boolean keepRows(Connection local, String queue, String table) throws SQLException {
        try (PreparedStatement ps = local.prepareStatement(OTHERS_WITH_ROWS)) {
            ps.setString(1, queue);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Why this copy waits before it starts, or null when it may start: the lead has not copied yet, or
     * {@code max_parallel_copy} partitions copy before this one.
     */
    static String waitReason(TableInfo row) {
        if ("wait-copy".equals(row.copyRole())) {
            return "waiting for the first partition (the lead) to copy it";
        }
        Integer max = maxParallelCopy(row.tableAttrs());
        if (max != null && row.copyPos() >= max) {
            return "max_parallel_copy " + max + " reached (" + row.copyPos() + " partitions copy before it)";
        }
        return null;
    }

    /** The {@code max_parallel_copy} table attribute, or null. */
    static Integer maxParallelCopy(String attrs) {
        if (attrs == null || attrs.isEmpty()) {
            return null;
        }
        for (String kv : attrs.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals("max_parallel_copy")) {
                try {
                    int n = Integer.parseInt(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8).strip());
                    return n > 0 ? n : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * On the provider (a combined root or branch): the partition queues whose merge leaf there has not yet got
     * {@code destTable} in sync, as {@code queue (state)}; empty when the table is not merged or all are ok.
     */
    static List<String> pendingPartitions(Connection provider, String combinedQueue, String destTable)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = provider.prepareStatement(PENDING_PARTS)) {
            ps.setString(1, combinedQueue);
            ps.setString(2, destTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " (" + rs.getString(2) + ")");
                }
            }
        }
        return out;
    }
}
