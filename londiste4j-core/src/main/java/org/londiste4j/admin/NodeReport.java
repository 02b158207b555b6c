package org.londiste4j.admin;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.node.SubscriberInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the local node says about itself and its queue: {@code members}, {@code node-info}, {@code node-status},
 * {@code show-consumers}. Read-only; connection strings are shown with their password masked.
 */
public final class NodeReport {
    private final AdminSettings settings;

    public NodeReport(AdminSettings settings) {
        this.settings = settings;
    }

    /** {@code members}: the local node's name and every member it knows, by name. */
    public record Members(String localNode, List<NodeLocation> members) {
    }

    /** One consumer of this node's queue ({@code show-consumers}); lag and last seen in seconds. */
    public record Consumer(String name, Double lagSeconds, Double lastSeenSeconds, Long lastTick, String provider,
                           Boolean paused, Boolean uptodate, String error) {
    }

    public Members members() {
        return read((c, i) -> new Members(i.nodeName(), new NodeApi(c).getQueueLocations(settings.queue()).stream()
                .map(m -> new NodeLocation(m.nodeName(), mask(m.nodeLocation()), m.dead()))
                .sorted(java.util.Comparator.comparing(NodeLocation::nodeName)).toList()));
    }

    /** {@code node-info}: the lines the original prints. */
    public List<String> nodeInfo() {
        return read((c, n) -> {
            NodeLocation me = new NodeApi(c).getQueueLocations(settings.queue()).stream()
                    .filter(m -> m.nodeName().equals(n.nodeName())).findFirst().orElse(null);
            var st = new ArrayList<String>();
            if (me != null && me.dead()) {
                st.add("DEAD");
            }
            if (Boolean.TRUE.equals(n.workerPaused())) {
                st.add("PAUSED");
            }
            if (Boolean.FALSE.equals(n.workerUptodate())) {
                st.add("NON-UP-TO-DATE");
            }
            var out = new ArrayList<String>();
            out.add("Node: " + n.nodeName() + "  Type: " + n.nodeType() + "  Queue: " + settings.queue());
            out.add("Status: " + (st.isEmpty() ? "OK" : String.join(", ", st)));
            out.add("Provider: " + (n.nodeType() == NodeType.ROOT ? "--" : n.providerNode()));
            out.add("Connect strings:");
            out.add("  Local   : " + settings.db());
            if (me != null) {
                out.add("  Public  : " + mask(me.nodeLocation()));
            }
            if (n.nodeType() != NodeType.ROOT) {
                out.add("  Provider: " + mask(n.providerLocation()));
            }
            if (n.combinedQueue() != null) {
                out.add("Combined Queue: " + n.combinedQueue() + "  (node type: " + n.combinedType() + ")");
            }
            if (!n.targetFor().isEmpty()) {
                // the merge leaves in this database that forward their partitions into this (combined) queue
                out.add("Target for: " + String.join(", ", n.targetFor()));
            }
            return out;
        });
    }

    /** {@code node-status}: title, provider, subscribers and the status lines of this node. */
    public List<String> nodeStatus() {
        var report = new StatusReport(settings);
        return read((c, n) -> {
            var subs = n.nodeType() == NodeType.LEAF ? List.<String>of()
                    : new NodeApi(c).getSubscriberInfo(settings.queue()).stream().map(SubscriberInfo::nodeName)
                    .toList();
            var out = new ArrayList<String>();
            String pad = "    ";
            out.add(n.nodeName() + " (" + n.nodeType() + ")");
            out.add(pad + "Provider: " + n.providerNode());
            out.add(pad + "Subscribers: " + String.join(", ", subs));
            report.localLines(c, n).forEach(l -> out.add(pad + l));
            return out;
        });
    }

    /** {@code show-consumers}: the consumers of this node's queue with their position and errors. */
    public List<Consumer> consumers() {
        return read((c, n) -> {
            var out = new ArrayList<Consumer>();
            if (n.nodeType() == NodeType.LEAF) {
                return out;
            }
            var cascaded = new java.util.HashMap<String, org.londiste4j.node.NodeConsumerInfo>();
            new NodeApi(c).getConsumerInfo(settings.queue()).forEach(ci -> cascaded.put(ci.consumerName(), ci));
            try (PreparedStatement ps = c.prepareStatement("select consumer_name, extract(epoch from lag),"
                    + " extract(epoch from last_seen), last_tick from pgq.get_consumer_info(?) order by 1")) {
                ps.setString(1, settings.queue());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var ci = cascaded.get(rs.getString(1));
                        out.add(new Consumer(rs.getString(1), (Double) rs.getObject(2, Double.class),
                                rs.getObject(3, Double.class), rs.getLong(4),
                                ci == null ? null : ci.providerNode(), ci == null ? null : ci.paused(),
                                ci == null ? null : ci.uptodate(), ci == null ? null : ci.curError()));
                    }
                }
            }
            return out;
        });
    }

    interface Reader<T> {
        T read(Connection c, NodeInfo node) throws SQLException;
    }

    private <T> T read(Reader<T> r) {
        try (Connection c = settings.connectLocal()) {
            T out = r.read(c, NodeAdmin.requireNode(c, settings.queue()));
            c.rollback();
            return out;
        } catch (SQLException e) {
            throw new Db.DbException("queue " + settings.queue() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    static String mask(String location) {
        if (location == null) {
            return null;
        }
        try {
            return ConnStr.parse(location).toString();
        } catch (RuntimeException e) {
            return "(unreadable connection string)";
        }
    }
}
