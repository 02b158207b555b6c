package org.londiste4j.londiste;

/**
 * One row of {@code londiste.get_seq_list(queue)}: a sequence of the queue's set, the last value the root
 * published for it, and whether this node keeps it in step.
 */
public record SeqInfo(String seqName, long lastValue, boolean local) {
}
