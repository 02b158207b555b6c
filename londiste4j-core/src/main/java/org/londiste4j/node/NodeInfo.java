package org.londiste4j.node;

import java.util.List;

/**
 * {@code pgq_node.get_node_info()}: this database's node of a cascaded queue.
 *
 * @param globalWatermark  the queue's global watermark (root and branch; null on a leaf)
 * @param localWatermark   the oldest tick this node and those below it still need
 * @param combinedQueue    merge-leaf: the combined queue it writes into, else null
 * @param combinedType     the node type of the combined queue's node, else null
 * @param workerPaused     null when the worker is not registered
 * @param workerLastTick   the worker's last committed tick (on the root: the queue's newest tick)
 * @param nodeAttrs        urlencoded attributes for the worker, or null
 * @param targetFor        queues whose merge-leaf writes into this one (empty when none)
 */
public record NodeInfo(int retCode, String retNote, NodeType nodeType, String nodeName, Long globalWatermark,
                       Long localWatermark, String providerNode, String providerLocation, String combinedQueue,
                       NodeType combinedType, String workerName, Boolean workerPaused, Boolean workerUptodate,
                       Long workerLastTick, String nodeAttrs, List<String> targetFor) {
    public NodeInfo {
        targetFor = targetFor == null ? List.of() : List.copyOf(targetFor);
    }
}
