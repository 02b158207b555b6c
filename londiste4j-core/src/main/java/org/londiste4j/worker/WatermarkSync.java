package org.londiste4j.worker;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.ConnectionSlot;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.SyncWatermarkList;
import org.londiste4j.pgq.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A branch created with {@code --sync-watermark=NODES} (node attribute {@code sync_watermark}): the branches listed
 * keep their queues' global watermark together, so that the events and ticks one of them still needs are kept by
 * all of them (nodes below one can then move to another at any tick they hold). On such a branch the worker
 * <ul>
 *   <li>does not take the provider's {@code pgq.global-watermark} as its own; it remembers it as an upper bound;</li>
 *   <li>reports to its provider the start of its current batch instead of its subtree's watermark, so the provider
 *       does not hold its rotation for this subtree's slowest node (the synced nodes hold theirs);</li>
 *   <li>sets its own global watermark to the lowest of: its local watermark, each listed (not dead) node's local
 *       watermark, and the provider's global watermark; and passes that on to the nodes below it in the
 *       {@code pgq.global-watermark} events it copies into its queue.</li>
 * </ul>
 * A listed node that is not a member, or does not answer, stops the sync for that round (a half set-up cluster
 * must not let the watermark run ahead); a dead one is left out.
 */
final class WatermarkSync {
    private static final Logger log = LoggerFactory.getLogger(WatermarkSync.class);

    private final List<String> nodes;
    private Long upstreamGlobalWm;

    private WatermarkSync(List<String> nodes) {
        this.nodes = nodes;
    }

    /** The sync of a node whose attributes are {@code nodeAttrs} (urlencoded), or null when it has none. */
    static WatermarkSync of(String nodeAttrs) {
        List<String> n = SyncWatermarkList.ofAttrs(nodeAttrs);
        return n.isEmpty() ? null : new WatermarkSync(n);
    }

    List<String> nodes() {
        return nodes;
    }

    /** The provider's global watermark event: remembered, not applied. */
    void upstream(long globalWm) {
        upstreamGlobalWm = globalWm;
    }

    /** How a {@code pgq.global-watermark} event goes into this branch's queue: with this node's synced watermark. */
    static UnaryOperator<Event> rewrite(Long localGlobalWm) {
        return ev -> localGlobalWm == null || !"pgq.global-watermark".equals(ev.type()) ? ev
                : new Event(ev.id(), ev.time(), ev.txid(), ev.retry(), ev.type(), Long.toString(localGlobalWm),
                        ev.extra1(), ev.extra2(), ev.extra3(), ev.extra4());
    }

    /**
     * Sets this node's global watermark to the lowest of the synced nodes' (see the class comment). Commits on
     * {@code local}.
     *
     * @param connstr turns a member's location into this worker's connect string (credentials added)
     */
    void sync(Connection local, String queue, String me, Long localWm, UnaryOperator<String> connstr,
              Duration lifetime) throws SQLException {
        if (upstreamGlobalWm == null || localWm == null) {
            return;
        }
        NodeApi api = new NodeApi(local);
        Map<String, NodeLocation> members = api.getQueueLocations(queue).stream()
                .collect(Collectors.toMap(NodeLocation::nodeName, m -> m, (a, b) -> a));
        local.commit();
        long wm = Math.min(localWm, upstreamGlobalWm);
        for (String n : nodes) {
            if (n.equals(me)) {
                continue;
            }
            NodeLocation m = members.get(n);
            if (m == null) {
                log.warn("queue {}: sync_watermark names node {}, which is not a member of the queue; watermark not"
                        + " synced", queue, n);
                return;
            }
            if (m.dead()) {
                continue;
            }
            ConnectionSlot slot = new ConnectionSlot(ConnStr.parse(connstr.apply(m.nodeLocation())),
                    "londiste watermark sync", lifetime);
            try {
                Connection c = slot.get();
                NodeInfo ni = new NodeApi(c).getNodeInfo(queue);
                if (ni.localWatermark() == null) {
                    log.warn("queue {}: node {} has no local watermark (not working?); watermark not synced", queue, n);
                    return;
                }
                wm = Math.min(wm, ni.localWatermark());
            } catch (RuntimeException e) {
                log.warn("queue {}: node {} unreachable for sync_watermark ({}); watermark not synced", queue, n,
                        e.getMessage());
                return;
            } finally {
                slot.close();
            }
        }
        log.debug("queue {}: synced global watermark {}", queue, wm);
        api.setGlobalWatermark(queue, wm);
        local.commit();
    }
}
