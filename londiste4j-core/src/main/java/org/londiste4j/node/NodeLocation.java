package org.londiste4j.node;

/**
 * One row of {@code pgq_node.get_queue_locations()}: a member of the cascade and where to reach it.
 *
 * @param nodeLocation libpq connect string of the node
 * @param dead         whether the node is to be taken as offline
 */
public record NodeLocation(String nodeName, String nodeLocation, boolean dead) {
}
