package org.londiste4j.node;

/**
 * One row of {@code pgq_node.get_consumer_info()}: a cascaded consumer that writes into this node (the worker is
 * one of them). Not to be confused with {@link org.londiste4j.pgq.ConsumerInfo}, a consumer of the local queue.
 */
public record NodeConsumerInfo(String consumerName, String providerNode, long lastTickId, boolean paused,
                               boolean uptodate, String curError) {
}
