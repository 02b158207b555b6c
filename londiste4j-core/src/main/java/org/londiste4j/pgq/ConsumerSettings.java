package org.londiste4j.pgq;

import org.londiste4j.db.Quote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link BatchConsumer} reads its queue: the keys of python-pgq's consumer config ({@code queue_name},
 * {@code consumer_name}, {@code pgq_lazy_fetch}, {@code table_filter}, {@code pgq_keep_lag},
 * {@code pgq_batch_collect_events}, {@code pgq_batch_collect_interval}) as values.
 *
 * @param lazyFetch   events fetched per cursor round trip; 0 reads each batch in one go (unbounded memory)
 * @param filter      SQL condition on the event columns ({@code ev_extra1 in (...)}), or null for every event
 * @param minLag      stay this far behind the queue head ({@code pgq_keep_lag}), or null
 * @param minCount    wait for this many events before taking a batch ({@code pgq_batch_collect_events}), or null
 * @param minInterval wait this long before taking a batch ({@code pgq_batch_collect_interval}), or null
 */
public record ConsumerSettings(String queue, String consumer, int lazyFetch, String filter, Duration minLag,
                               Integer minCount, Duration minInterval) {

    /** python-pgq's default {@code pgq_lazy_fetch}. */
    public static final int DEFAULT_LAZY_FETCH = 300;

    public ConsumerSettings {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue_name is empty; name the queue to read");
        }
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("consumer_name is empty; name the consumer");
        }
        if (lazyFetch < 0) {
            throw new IllegalArgumentException("pgq_lazy_fetch=" + lazyFetch + " is invalid: must be >= 0");
        }
        if (minCount != null && minCount <= 0) {
            minCount = null;
        }
    }

    public static ConsumerSettings of(String queue, String consumer) {
        return new ConsumerSettings(queue, consumer, DEFAULT_LAZY_FETCH, null, null, null, null);
    }

    public ConsumerSettings withLazyFetch(int n) {
        return new ConsumerSettings(queue, consumer, n, filter, minLag, minCount, minInterval);
    }

    public ConsumerSettings withFilter(String sqlCondition) {
        return new ConsumerSettings(queue, consumer, lazyFetch, sqlCondition, minLag, minCount, minInterval);
    }

    /**
     * {@code table_filter}: only events of these tables ({@code ev_extra1}); a name without a schema means
     * {@code public.}, as skytools' {@code fq_name}. An empty list removes the filter.
     */
    public ConsumerSettings withTableFilter(List<String> tables) {
        if (tables.isEmpty()) {
            return withFilter(null);
        }
        List<String> lits = new ArrayList<>();
        for (String t : tables) {
            String fq = t.indexOf('.') < 0 ? "public." + t : t;
            lits.add(Quote.literal(fq));
        }
        return withFilter("ev_extra1 in (" + String.join(", ", lits) + ")");
    }

    public ConsumerSettings withBatchConditions(Duration keepLag, Integer collectEvents, Duration collectInterval) {
        return new ConsumerSettings(queue, consumer, lazyFetch, filter, keepLag, collectEvents, collectInterval);
    }

    boolean isCustom() {
        return minLag != null || minCount != null || minInterval != null;
    }
}
