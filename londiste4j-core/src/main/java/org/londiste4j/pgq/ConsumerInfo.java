package org.londiste4j.pgq;

import java.time.Duration;

/**
 * One row of {@code pgq.get_consumer_info()}: where a consumer stands on its queue.
 *
 * @param lag           age of the consumer's last finished tick
 * @param lastSeen      time since the consumer last finished a batch (null when it never did)
 * @param lastTick      the last tick the consumer finished
 * @param currentBatch  the batch it holds now, or null
 * @param nextTick      the end tick of that batch, or null
 * @param pendingEvents events ticked after {@code lastTick} (an estimate from the event sequence), or null
 */
public record ConsumerInfo(String queueName, String consumerName, Duration lag, Duration lastSeen, long lastTick,
                           Long currentBatch, Long nextTick, Long pendingEvents) {
}
