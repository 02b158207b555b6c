package org.londiste4j.admin;

import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code resync} of a <em>merged</em> table on a merge leaf: one destination table fed by the partition queues of
 * one combined queue in this database. Re-copying one partition alone cannot be right: truncating would lose the
 * other partitions' rows, and not truncating keeps this partition's stale rows (the copy then stops on a
 * duplicate key). So the table is re-copied from every partition: all partner merge leaves' states are reset in the
 * caller's one transaction, the workers' copies then take their roles as for a first copy (the lead, the first
 * partition queue by name, truncates once; the others wait for it and append).
 *
 * <p>Refused, nothing changed: on a merge leaf under a combined <em>branch</em> (it applies nothing; the rows come
 * through the combined queue, resync the combined branch instead), and while a partition's copy of the table is
 * under way (a copy committing after the reset would overwrite it and its rows would be truncated by the lead).
 *
 * <p>Hazard: the rows of a copy reach no event of the combined queue, so the nodes below the combined queue keep
 * their rows and miss the changes applied by the copies; the log line says to resync the table there too once it
 * is {@code ok} here (their copy waits for every partition to be in sync).
 */
final class MergedResync {
    private static final Logger log = LoggerFactory.getLogger(MergedResync.class);

    private static final String PARTNERS = "select o.queue_name, o.table_name, o.merge_state"
            + " from pgq_node.node_info n"
            + " join pgq_node.node_info n2 on n2.combined_queue = n.combined_queue"
            + " join londiste.table_info t on t.queue_name = n.queue_name and t.table_name = ? and t.local"
            + " join londiste.table_info o on o.queue_name = n2.queue_name and o.local"
            + "  and coalesce(o.dest_table, o.table_name) = coalesce(t.dest_table, t.table_name)"
            + " where n.queue_name = ? order by 1";

    private MergedResync() {
    }

    /** One partition queue's entry of a merged table: its queue, its table name there, its state. */
    record Part(String queue, String table, String state) {
    }

    /**
     * The partitions of each selected table that is merged (more than one partition queue has it), by table; tables
     * of one queue only are left out. Refuses (see the class comment) before anything changed.
     */
    static Map<String, List<Part>> check(Connection local, String queue, NodeInfo node, List<String> tables)
            throws SQLException {
        Map<String, List<Part>> out = new LinkedHashMap<>();
        if (node.combinedQueue() == null) {
            return out;
        }
        for (String t : tables) {
            List<Part> parts = partners(local, queue, t);
            if (parts.size() > 1) {
                out.put(t, parts);
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        NodeInfo combined = new NodeApi(local).getNodeInfo(node.combinedQueue());
        if (combined.nodeType() == NodeType.BRANCH) {
            throw new AdminException("resync: " + String.join(", ", out.keySet()) + " merged under the combined branch "
                    + combined.nodeName() + ", whose merge leaves apply nothing; resync with the combined queue's ini ("
                    + node.combinedQueue() + ") instead; nothing changed");
        }
        List<String> busy = new ArrayList<>();
        out.forEach((t, parts) -> parts.stream().filter(p -> p.state() != null && !p.state().equals("ok"))
                .forEach(p -> busy.add(t + " on " + p.queue() + " (" + p.state() + ")")));
        if (!busy.isEmpty()) {
            throw new AdminException("resync: merged table still being copied: " + String.join(", ", busy)
                    + "; wait until its copies are done (wait-sync), then resync; nothing changed");
        }
        return out;
    }

    /** Resets every partition's copy of the merged table, in the caller's transaction; logs one line. */
    static void reset(LondisteApi lapi, String table, List<Part> parts, String combinedQueue) throws SQLException {
        for (Part p : parts) {
            lapi.localSetTableState(p.queue(), p.table(), null, null);
        }
        List<String> queues = parts.stream().map(Part::queue).toList();
        log.info("{}: merged from partitions {}: every partition copies it again (the lead {} truncates once); resync"
                + " it on the nodes below {} too once it is ok here", table, String.join(", ", queues),
                queues.get(0), combinedQueue);
        for (String q : queues) {
            lapi.notifyTablesChanged(q);
        }
    }

    private static List<Part> partners(Connection local, String queue, String table) throws SQLException {
        List<Part> out = new ArrayList<>();
        try (PreparedStatement ps = local.prepareStatement(PARTNERS)) {
            ps.setString(1, table);
            ps.setString(2, queue);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Part(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }
}
