package org.londiste4j.worker;

import org.londiste4j.node.NodeType;

/**
 * What the worker does on its node, decided from the node's type in {@code pgq_node} (python-pgq's
 * {@code WorkerState}): a root only keeps house (sequences, global watermark); a branch applies the provider's
 * batches and also keeps a copy of the queue with the same event ids and ticks; a leaf only applies.
 *
 * <p>A merge leaf (a leaf of a partition queue whose {@code combined_queue} is another node in the same database)
 * depends on that node's type: under a combined <em>root</em> it applies the partition's events and forwards them
 * (new event ids, {@code pgq.*} events left out) into the combined queue, followed by a {@code pgq.tick-id} event
 * naming the partition tick, all in the batch's one transaction; under a combined <em>branch</em> it applies
 * nothing (the rows come through the combined queue from the combined root) and only keeps its partition position
 * level with what the combined branch has received ({@code pgq_node.set_partition_watermark}, "wait behind").
 *
 * <p>A pure decision: every combination is unit-tested.
 *
 * @param processBatch   consume the provider's queue at all
 * @param processEvents  apply data events to local tables
 * @param copyEvents     re-insert every event into the local queue with its id ({@code keep_event_ids})
 * @param createTick     create the provider's tick in the local queue after each batch
 * @param processGlobalWm store {@code pgq.global-watermark} events locally
 * @param processTickEvent store {@code pgq.tick-id} events as partition watermarks
 * @param publishLocalWm report the local watermark to the provider
 * @param publishGlobalWm (root) publish the global watermark downstream
 * @param forwardEvents  merge leaf under a combined root: forward applied events into the combined queue
 * @param sendTickEvent  merge leaf under a combined root: a {@code pgq.tick-id} event after each batch
 * @param waitBehind     merge leaf under a combined branch: finish a batch only once the combined branch has
 *                       moved this leaf's position past it, apply nothing
 */
record NodeRole(NodeType nodeType, boolean processBatch, boolean processEvents, boolean copyEvents,
                boolean createTick, boolean processGlobalWm, boolean processTickEvent, boolean publishLocalWm, boolean publishGlobalWm,
                boolean forwardEvents, boolean sendTickEvent, boolean waitBehind) {

    NodeRole(NodeType nodeType, boolean processBatch, boolean processEvents, boolean copyEvents, boolean createTick,
             boolean processGlobalWm, boolean processTickEvent, boolean publishLocalWm, boolean publishGlobalWm) {
        this(nodeType, processBatch, processEvents, copyEvents, createTick, processGlobalWm, processTickEvent,
                publishLocalWm, publishGlobalWm, false, false, false);
    }

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
                if (combinedType == NodeType.ROOT) {
                    yield new NodeRole(nodeType, true, true, false, false, false, false, true, false, true, true,
                            false);
                }
                if (combinedType == NodeType.BRANCH) {
                    yield new NodeRole(nodeType, true, false, false, false, false, false, true, false, false, false,
                            true);
                }
                if (combinedType != null) {
                    throw new ReplayException("merge leaf with a combined queue of type " + combinedType.sqlName()
                            + ": invalid node state; the combined queue must be a root or branch in this database");
                }
                yield new NodeRole(nodeType, true, true, false, false, false, false, true, false);
            }
        };
    }

    boolean isRoot() {
        return nodeType == NodeType.ROOT;
    }
}
