package org.londiste4j.worker;

import org.londiste4j.node.NodeType;

/**
 * What the worker does on its node, decided from the node's type in {@code pgq_node} (python-pgq's
 * {@code WorkerState}): a root only keeps house (sequences, global watermark); a branch applies the provider's
 * batches and also keeps a copy of the queue with the same event ids and ticks; a leaf only applies.
 *
 * <p>A pure decision: every combination is unit-tested. Merge leaves (a combined queue) are issue 4's business and
 * refused with one line here rather than half-handled.
 *
 * @param processBatch   consume the provider's queue at all
 * @param processEvents  apply data events to local tables
 * @param copyEvents     re-insert every event into the local queue with its id ({@code keep_event_ids})
 * @param createTick     create the provider's tick in the local queue after each batch
 * @param processGlobalWm store {@code pgq.global-watermark} events locally
 * @param processTickEvent store {@code pgq.tick-id} events as partition watermarks
 * @param publishLocalWm report the local watermark to the provider
 * @param publishGlobalWm (root) publish the global watermark downstream
 */
record NodeRole(NodeType nodeType, boolean processBatch, boolean processEvents, boolean copyEvents,
                boolean createTick, boolean processGlobalWm, boolean processTickEvent, boolean publishLocalWm, boolean publishGlobalWm) {

    /**
     * @param nodeType     the node's type, null when the node is not initialized
     * @param combinedType the combined queue's node type of a merge leaf, or null
     * @throws ReplayException for a node type the worker cannot run on
     */
    static NodeRole of(NodeType nodeType, NodeType combinedType) {
        if (nodeType == null) {
            throw new ReplayException("node: not initialized for this queue; run create-root, create-branch or"
                    + " create-leaf first");
        }
        if (combinedType != null && nodeType != NodeType.LEAF) {
            throw new ReplayException("node type " + nodeType.sqlName() + " with combined queue type "
                    + combinedType.sqlName() + ": invalid node state; only a leaf can have a combined queue");
        }
        return switch (nodeType) {
            case ROOT -> new NodeRole(nodeType, false, false, false, false, false, false, false, true);
            case BRANCH -> new NodeRole(nodeType, true, true, true, true, true, true, true, false);
            case LEAF -> {
                if (combinedType != null) {
                    throw new ReplayException("merge leaf (combined queue, type " + combinedType.sqlName()
                            + "): not supported by this worker yet");
                }
                yield new NodeRole(nodeType, true, true, false, false, false, false, true, false);
            }
        };
    }

    boolean isRoot() {
        return nodeType == NodeType.ROOT;
    }
}
