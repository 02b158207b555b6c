package org.londiste4j.worker;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.ConnectionSlot;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeConsumerInfo;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.pgq.EventData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node an initial copy reads a table's rows from, and on whose queue the copy consumer catches up (python
 * londiste's copy source): the provider; or the node named by the table's {@code copy_node} attribute
 * ({@code add-table --copy-node=NODE}, {@code resync --copy-node=NODE}); or, for {@code copy_node=?}
 * ({@code --find-copy-node}), the first node from the provider upward that really has the table: added there
 * ({@code local}) and {@code ok}, the root being the last resort.
 *
 * <p>Hazard: the copy snapshot and the events the copy thread catches up on are in the copy node's transaction
 * ids, while the main thread reads the provider's queue, whose events carry the provider's. Both queues hold the
 * root's ticks, so the copy thread and the main thread meet at a tick id, never at a transaction id: with a copy
 * node other than the provider the snapshot must never reach the main thread ({@link CopyTask}'s hand-over).
 *
 * @param node       the copy node's name
 * @param location   its connection string as the cascade knows it (without {@code remote_extra_connstr})
 * @param isProvider whether it is the worker's provider (the original protocol applies unchanged)
 */
record CopySource(String node, String location, boolean isProvider) {
    private static final Logger log = LoggerFactory.getLogger(CopySource.class);
    /** The table attribute that names the copy node. */
    static final String ATTR = "copy_node";
    /** Its value for {@code --find-copy-node}. */
    static final String FIND = "?";
    /** More nodes than that between a leaf and its root means a provider loop. */
    private static final int MAX_HOPS = 64;

    /** The table's {@code copy_node} attribute, or null when it copies from the provider. */
    static String copyNodeAttr(String tableAttrs) {
        String v = EventData.urldecode(tableAttrs).get(ATTR);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * Where a new copy of {@code table} reads from now (see the class comment). Commits on {@code local}.
     *
     * @throws ReplayException when the named node is not a member of the queue, or no node up to the root has
     *                         the table
     */
    static CopySource resolve(WorkerSettings settings, Connection local, String table, String tableAttrs,
                              String providerNode, String providerLocation) throws SQLException {
        String attr = copyNodeAttr(tableAttrs);
        if (attr == null || attr.equals(providerNode)) {
            return new CopySource(providerNode, providerLocation, true);
        }
        if (!attr.equals(FIND)) {
            String loc = location(local, settings.queue(), attr);
            if (loc == null) {
                throw new ReplayException("table " + table + ": copy node " + attr + " is not a member of queue "
                        + settings.queue() + "; resync the table with an existing --copy-node or --find-copy-node");
            }
            return new CopySource(attr, loc, false);
        }
        return find(settings, table, providerNode, providerLocation);
    }

    /**
     * The copy source a running copy consumer is registered at on this node ({@code pgq_node.register_consumer}
     * records it as that consumer's provider), or empty when no such consumer is registered here. Commits on
     * {@code local}.
     */
    static Optional<CopySource> registered(Connection local, String queue, String consumer, String providerNode)
            throws SQLException {
        NodeApi node = new NodeApi(local);
        List<NodeConsumerInfo> consumers = node.getConsumerInfo(queue);
        local.commit();
        for (NodeConsumerInfo ci : consumers) {
            if (ci.consumerName().equals(consumer) && ci.providerNode() != null) {
                String loc = location(local, queue, ci.providerNode());
                if (loc == null) {
                    return Optional.empty();
                }
                return Optional.of(new CopySource(ci.providerNode(), loc, ci.providerNode().equals(providerNode)));
            }
        }
        return Optional.empty();
    }

    /** The location of a member as this node knows it, or null. Commits on {@code local}. */
    static String location(Connection local, String queue, String nodeName) throws SQLException {
        List<NodeLocation> members = new NodeApi(local).getQueueLocations(queue);
        local.commit();
        for (NodeLocation m : members) {
            if (m.nodeName().equals(nodeName)) {
                return m.nodeLocation();
            }
        }
        return null;
    }

    /** {@code --find-copy-node}: walks from the provider toward the root (python londiste's find_copy_source). */
    private static CopySource find(WorkerSettings settings, String table, String providerNode,
                                   String providerLocation) throws SQLException {
        String name = providerNode;
        String loc = providerLocation;
        Set<String> seen = new HashSet<>();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (loc == null || !seen.add(loc)) {
                break;
            }
            try (ConnectionSlot slot = new ConnectionSlot(ConnStr.parse(settings.providerConnstr(loc)),
                    "londiste " + settings.jobName() + " find-copy-node", settings.connectionLifetime())) {
                Connection c = slot.get();
                c.setAutoCommit(true);
                NodeInfo info = new NodeApi(c).getNodeInfo(settings.queue());
                TableInfo row = null;
                for (TableInfo r : new LondisteApi(c).getTableList(settings.queue())) {
                    if (r.tableName().equals(table)) {
                        row = r;
                    }
                }
                boolean root = info.nodeType() == NodeType.ROOT;
                if (row != null && row.local() && (root || row.state().phase() == Phase.OK)) {
                    log.info("{}: node {} has the table, copying from it", table, info.nodeName());
                    return new CopySource(info.nodeName(), loc, info.nodeName().equals(providerNode));
                }
                log.info("{}: node {} cannot be copied from ({})", table, info.nodeName(),
                        row == null || !row.local() ? "table not added there" : "table " + row.state().render());
                if (root) {
                    throw new ReplayException("table " + table + ": no node from " + providerNode
                            + " up to the root " + info.nodeName() + " has it; add it on the root first");
                }
                name = info.providerNode();
                loc = info.providerLocation();
            }
        }
        throw new ReplayException("table " + table + ": no copy node found above " + providerNode + " (stopped at "
                + name + "); check the providers of the nodes above");
    }
}
