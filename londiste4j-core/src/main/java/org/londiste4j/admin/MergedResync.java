package org.londiste4j.admin;

import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.MergePartner;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
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

    private MergedResync() {
    }

    /**
     * The partitions of each selected table that is merged (more than one partition queue has it), by table; tables
     * of one queue only are left out. Refuses (see the class comment) before anything changed.
     */
    static Map<String, List<MergePartner>> check(Connection local, String queue, NodeInfo node, List<String> tables)
            throws SQLException {
        Map<String, List<MergePartner>> out = new LinkedHashMap<>();
        if (node.combinedQueue() == null) {
            return out;
        }
        for (String t : tables) {
            List<MergePartner> parts = partners(local, queue, t);
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
        out.forEach((t, parts) -> parts.stream()
                .filter(p -> p.mergeState() != null && !p.mergeState().equals("ok"))
                .forEach(p -> busy.add(t + " on " + p.queue() + " (" + p.mergeState() + ")")));
        if (!busy.isEmpty()) {
            throw new AdminException("resync: merged table still being copied: " + String.join(", ", busy)
                    + "; wait until its copies are done (wait-sync), then resync; nothing changed");
        }
        return out;
    }

    /** Resets every partition's copy of the merged table, in the caller's transaction; logs one line. */
    static void reset(LondisteApi lapi, String table, List<MergePartner> parts, String combinedQueue)
            throws SQLException {
        for (MergePartner p : parts) {
            lapi.localSetTableState(p.queue(), p.table(), null, null);
        }
        List<String> queues = parts.stream().map(MergePartner::queue).toList();
        log.info("{}: merged from partitions {}: every partition copies it again (the lead {} truncates once); resync"
                + " it on the nodes below {} too once it is ok here", table, String.join(", ", queues),
                queues.get(0), combinedQueue);
        for (String q : queues) {
            lapi.notifyTablesChanged(q);
        }
    }

    /**
     * The table's merge partners, only while the table itself is local here (its own row is then among them): one
     * that is not (removed since the caller listed it) is merged with nothing, so its partners are not reset.
     */
    private static List<MergePartner> partners(Connection local, String queue, String table) throws SQLException {
        List<MergePartner> parts = LondisteApi.mergePartners(local, queue, table);
        return parts.stream().anyMatch(p -> p.queue().equals(queue) && p.table().equals(table)) ? parts : List.of();
    }
}
