package org.londiste4j.pgq;

import java.time.OffsetDateTime;

/**
 * A batch as {@code pgq.next_batch_info} / {@code pgq.next_batch_custom} describe it: the events of the
 * transactions that committed between tick {@code prevTickId} and tick {@code curTickId}.
 *
 * <p>The event sequence values bound the ids of the batch's events; {@code curTickEventSeq - prevTickEventSeq}
 * is an upper bound of the event count (aborted transactions and rollbacks consume ids too).
 */
public record BatchInfo(long batchId, long curTickId, long prevTickId, OffsetDateTime curTickTime,
                        OffsetDateTime prevTickTime, long curTickEventSeq, long prevTickEventSeq) {
}
