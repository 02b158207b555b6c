package org.londiste4j.node;

/**
 * {@code pgq_node.demote_root()}: the answer of one step of a root's demotion.
 *
 * @param lastTick steps 2 and 3: the queue's last tick as root; null after step 1
 */
public record DemoteResult(int retCode, String retNote, Long lastTick) {
}
