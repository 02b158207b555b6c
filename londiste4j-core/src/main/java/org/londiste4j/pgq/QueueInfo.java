package org.londiste4j.pgq;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One row of {@code pgq.get_queue_info()}: a queue's settings and ticker figures.
 *
 * @param tickerLag     time since the last tick
 * @param evPerSec      events per second over the last ticks, null when the server cannot tell yet
 * @param evNew         events inserted since the last tick
 */
public record QueueInfo(String queueName, int ntables, int curTable, Duration rotationPeriod,
                        OffsetDateTime switchTime, boolean externalTicker, boolean tickerPaused, int tickerMaxCount,
                        Duration tickerMaxLag, Duration tickerIdlePeriod, Duration tickerLag, Double evPerSec,
                        long evNew, long lastTickId) {
}
