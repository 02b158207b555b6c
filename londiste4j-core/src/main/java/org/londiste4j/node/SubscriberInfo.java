package org.londiste4j.node;

/**
 * One row of {@code pgq_node.get_subscriber_info()}: a node that reads from this one.
 *
 * @param workerName    its worker's consumer name on the local queue
 * @param nodeWatermark the oldest tick it still needs (its watermark consumer), or null when that is gone
 */
public record SubscriberInfo(String nodeName, String workerName, Long nodeWatermark) {
}
