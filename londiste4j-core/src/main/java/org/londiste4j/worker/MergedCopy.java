package org.londiste4j.worker;

import org.londiste4j.copy.IndexStash;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.MergePartner;
import org.londiste4j.londiste.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 *   <li>the copies serialize on the destination's table lock. The first partition's copy that has partners still
 *       to copy drops the table's <em>secondary</em> indexes (not the primary key nor any constraint) in its copy's
 *       transaction and stores their definitions in its {@code dropped_ddl}; the copy that commits last (no partner
 *       left in {@code in-copy} or not started) rebuilds them in its own copy's transaction and clears
 *       {@code dropped_ddl}. So each secondary index is built once, over every partition's rows, while a crash
 *       never loses one (drop and record, rebuild and clear, each commit with a copy). The primary key and
 *       constraints are dropped and rebuilt inside each copy's own transaction, as for any copy, so between
 *       transactions the table always has them: a merge leaf already in sync applies its events by key meanwhile,
 *       and overlapping keys still stop a copy;</li>
 *   <li>{@code wait-replay}: the original keeps each partition's table in {@code catching-up} until every
 *       partition has copied, because it drops the primary key until then. Here the key stays, so a partition's
 *       table goes {@code ok} on its own, except the partition that holds the dropped secondary indexes: it stays in
 *       {@code catching-up} (applying its batches) until the last copy has rebuilt them ({@link #indexesPending}),
 *       so that no table is {@code ok} without its indexes; what must wait for every partition (the combined
 *       queue's subscribers) waits for all of them to be {@code ok}, below;</li>
 *   <li>{@code max_parallel_copy} (add-table {@code --max-parallel-copy}) limits how many of one table's partition
 *       copies wait at once behind the lead ({@code copy_pos});</li>
 *   <li>a node <em>below</em> the combined queue copies the merged table only once every partition has it
 *       {@code ok} there: the rows a partition's copy brings (and its catch-up) are in no event of the combined
 *       queue, so a snapshot taken earlier would miss them for ever.</li>
 * </ul>
 */
final class MergedCopy {
    private static final Logger log = LoggerFactory.getLogger(MergedCopy.class);

    private static final String PENDING_PARTS = "select n.queue_name, coalesce(t.merge_state, 'waiting for copy')"
            + " from pgq_node.node_info n join londiste.table_info t on t.queue_name = n.queue_name"
            + " where n.combined_queue = ? and t.local and coalesce(t.dest_table, t.table_name) = ?"
            + "   and (t.merge_state is null or t.merge_state <> 'ok') order by 1";

    private MergedCopy() {
    }

    /** Whether a partner has still to copy the table: not started, or in {@code in-copy}. */
    private static boolean toCopy(MergePartner p) {
        return p.mergeState() == null || p.mergeState().equals("in-copy");
    }

    /**
     * Before a partition's COPY, in its transaction (the destination locked first, so copies of one table take
     * turns here): when other partitions still have to copy and nobody has dropped the secondary indexes yet, drops
     * them (those a copy drops, {@link IndexStash#secondaryIndexes}) and records their definitions in this queue's
     * {@code dropped_ddl}: one statement a line, each ending in ';', so that londiste.local_remove_table can run it
     * whole too. Returns how many were dropped.
     */
    static int beforeCopy(Connection local, String queue, String table, String dest) throws SQLException {
        lock(local, dest);
        List<MergePartner> parts = LondisteApi.mergePartners(local, queue, table);
        if (parts.size() < 2 || parts.stream().anyMatch(p -> p.droppedDdl() != null)
                || parts.stream().noneMatch(p -> !p.queue().equals(queue) && toCopy(p))) {
            return 0;
        }
        List<IndexStash.Dropped> indexes = IndexStash.secondaryIndexes(local, dest);
        if (indexes.isEmpty()) {
            return 0;
        }
        List<String> restore = new ArrayList<>();
        try (Statement st = local.createStatement()) {
            for (IndexStash.Dropped d : indexes) {
                st.execute(d.drop());
                restore.add(d.restore() + ";");
            }
        }
        new LondisteApi(local).localSetTableStruct(queue, table, String.join("\n", restore));
        return indexes.size();
    }

    /**
     * After a partition's COPY, in its transaction: when no other partition is left to copy, rebuilds the secondary
     * indexes an earlier copy dropped and clears its {@code dropped_ddl}. Returns how many were rebuilt.
     */
    static int afterCopy(Connection local, String queue, String table) throws SQLException {
        List<MergePartner> parts = LondisteApi.mergePartners(local, queue, table);
        if (parts.stream().anyMatch(p -> !p.queue().equals(queue) && toCopy(p))) {
            return 0;
        }
        int n = 0;
        LondisteApi api = new LondisteApi(local);
        for (MergePartner p : parts) {
            if (p.droppedDdl() == null) {
                continue;
            }
            try (Statement st = local.createStatement()) {
                st.execute(p.droppedDdl());
            }
            n += (int) p.droppedDdl().lines().filter(l -> !l.isBlank()).count();
            api.localSetTableStruct(p.queue(), table, null);
        }
        return n;
    }

    /**
     * Whether this partition's hand-over ({@code wanna-sync}) must wait, in its copy thread's local transaction:
     * true while its row holds the merged table's dropped secondary indexes ({@code dropped_ddl}, which only
     * {@code in-copy} and {@code catching-up} may hold) and another partition still has to copy (that copy rebuilds
     * them). The partition keeps applying its catch-up batches meanwhile. When no partition is left to copy (the
     * others were copied, or removed from the set), it rebuilds the indexes itself, under the table's lock, in the
     * caller's transaction, and returns false.
     */
    static boolean indexesPending(Connection local, String queue, String table, String dest) throws SQLException {
        List<MergePartner> parts = LondisteApi.mergePartners(local, queue, table);
        if (parts.stream().noneMatch(p -> p.queue().equals(queue) && p.droppedDdl() != null)) {
            return false;
        }
        if (parts.stream().anyMatch(p -> !p.queue().equals(queue) && toCopy(p))) {
            return true;
        }
        lock(local, dest);
        int n = afterCopy(local, queue, table);
        if (n > 0) {
            log.info("{}: merged table: no other partition left to copy, {} secondary indexes rebuilt", table, n);
        }
        return false;
    }

    private static void lock(Connection local, String dest) throws SQLException {
        try (Statement st = local.createStatement()) {
            st.execute("lock table " + Quote.fqIdent(dest) + " in access exclusive mode");
        }
    }

    /** The copy must not wait for the lead and must not truncate: another partition's rows are in the table. */
    static boolean keepRows(Connection local, String queue, String table) throws SQLException {
        return LondisteApi.mergePartners(local, queue, table).stream()
                .anyMatch(p -> !p.queue().equals(queue) && !toCopy(p));
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
