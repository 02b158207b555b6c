package org.londiste4j.node;

/**
 * {@code pgq_node.get_consumer_state()}: what a cascaded consumer that writes into this node reads at the start of
 * each round.
 *
 * @param completedTick the last provider tick whose batch was committed here
 * @param paused        the consumer is to wait and do nothing
 * @param uptodate      the consumer has seen the last administrative change
 * @param curError      why its last batch failed, or null
 */
public record ConsumerState(int retCode, String retNote, NodeType nodeType, String nodeName, Long completedTick,
                            String providerNode, String providerLocation, boolean paused, boolean uptodate,
                            String curError) {
}
