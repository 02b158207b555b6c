package org.londiste4j.node;

/**
 * {@code pgq_node.get_worker_state()}: what the worker that maintains a node reads at the start of each round.
 *
 * @param completedTick   the last provider tick whose batch was committed here
 * @param paused          the worker is to wait and do nothing
 * @param uptodate        the worker has seen the last administrative change (it sets this itself)
 * @param curError        why its last batch failed, or null
 * @param globalWatermark the queue's global watermark (root and branch; null on a leaf)
 * @param localWatermark  the oldest tick this node and those below it still need
 * @param localQueueTop   the newest tick of the local queue (root and branch; null on a leaf)
 */
public record WorkerState(int retCode, String retNote, NodeType nodeType, String nodeName, Long completedTick,
                          String providerNode, String providerLocation, boolean paused, boolean uptodate,
                          String curError, String workerName, Long globalWatermark, Long localWatermark,
                          Long localQueueTop, String combinedQueue, NodeType combinedType) {
}
