package org.londiste4j.pgq;

import org.londiste4j.pgq.PgqException.Call;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One batch of a consumer: the events of the transactions that committed between two ticks, read once, lazily,
 * through a server-side cursor ({@code pgq.get_batch_cursor}, then {@code FETCH n} per chunk), so a batch of
 * millions of events is walked with at most one chunk ({@code pgq_lazy_fetch}, 300) of them in memory; then
 * finished. The Java side of python-pgq's {@code BatchWalker} and {@code RetriableBatchWalker}.
 *
 * <p>Transaction: the cursor lives in the source connection's transaction, so iterating, {@link #retry} flushes
 * and {@link #finish} must all happen in one transaction on that connection (autocommit off), which the caller
 * commits after {@link #finish}. A rollback before that commit leaves the batch active: the consumer gets the
 * same batch again from the next {@code next_batch} call.
 *
 * <p>Not thread-safe; iterate it once.
 */
public final class Batch {
    /** The cursor name python-pgq uses; one batch at a time per connection. */
    static final String CURSOR = "batch_walker";

    private final PgqApi api;
    private final BatchInfo info;
    private final ConsumerSettings settings;
    private final Map<Long, Duration> retries = new LinkedHashMap<>();
    private boolean iterated;
    private boolean cursorOpen;
    private boolean finished;
    private long eventCount;
    private int roundTrips;
    private int largestChunk;

    Batch(PgqApi api, BatchInfo info, ConsumerSettings settings) {
        this.api = api;
        this.info = info;
        this.settings = settings;
    }

    public BatchInfo info() {
        return info;
    }

    public long id() {
        return info.batchId();
    }

    public String queue() {
        return settings.queue();
    }

    public String consumer() {
        return settings.consumer();
    }

    /**
     * The batch's events in id order, fetched as the iteration goes. One pass only; the iterator throws
     * {@link PgqException} when a fetch fails.
     *
     * @throws IllegalStateException on a second call, or after {@link #finish}
     */
    public Iterable<Event> events() {
        if (iterated || finished) {
            throw new IllegalStateException("batch " + id() + ": events already read; a batch is walked once");
        }
        iterated = true;
        requireTransaction();
        Walker w = new Walker();
        return () -> w;
    }

    /** {@link #events()} as a sequential stream. */
    public Stream<Event> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events().iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Tags an event for retry: at {@link #finish} it goes to the retry queue, due after {@code after}, and this
     * consumer (only) gets it again in a later batch with {@code retry} + 1. Tagging again replaces the delay.
     */
    public void retry(Event ev, Duration after) {
        retries.put(ev.id(), after);
    }

    /** Takes back a {@link #retry} tag: the event counts as processed. */
    public void done(Event ev) {
        retries.remove(ev.id());
    }

    /** Events delivered by the iteration so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Events tagged for retry. */
    public int retryCount() {
        return retries.size();
    }

    /** Statements sent to read the events: the cursor's opening (with its first chunk) plus each FETCH. */
    public int roundTrips() {
        return roundTrips;
    }

    /** The most events held in memory at once. */
    public int largestChunk() {
        return largestChunk;
    }

    /**
     * Sends the retry tags ({@code pgq.event_retry}), closes the cursor if the iteration stopped early, and
     * finishes the batch ({@code pgq.finish_batch}), all in the current transaction: the consumer moves on only
     * when the caller commits.
     *
     * @return 1 when the batch was finished, 0 when it was no longer active
     */
    public int finish() {
        if (finished) {
            throw new IllegalStateException("batch " + id() + ": already finished");
        }
        for (Map.Entry<Long, Duration> r : retries.entrySet()) {
            api.eventRetry(id(), r.getKey(), r.getValue());
        }
        if (cursorOpen) {
            api.closeCursor(id(), CURSOR);
            cursorOpen = false;
        }
        finished = true;
        return api.finishBatch(id());
    }

    private void requireTransaction() {
        try {
            if (api.connection().getAutoCommit()) {
                throw new IllegalStateException("batch " + id() + ": the source connection is in autocommit;"
                        + " the batch cursor needs a transaction (setAutoCommit(false))");
            }
        } catch (SQLException e) {
            throw PgqSql.wrap(new Call("batch cursor", queue(), consumer(), id()), e);
        }
    }

    /** Walks the cursor chunk by chunk; a chunk shorter than asked for is the last one. */
    private final class Walker implements Iterator<Event> {
        private final int chunkSize = settings.lazyFetch() > 0 ? settings.lazyFetch() : Integer.MAX_VALUE;
        private List<Event> chunk;
        private int pos;
        private boolean last;

        @Override
        public boolean hasNext() {
            if (chunk == null) {
                List<Event> rows = api.openBatchCursor(id(), CURSOR, chunkSize, settings.filter());
                cursorOpen = true;
                load(rows);
            }
            while (pos >= chunk.size()) {
                if (last) {
                    close();
                    return false;
                }
                load(api.fetchCursor(id(), CURSOR, chunkSize));
            }
            return true;
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            eventCount++;
            return chunk.get(pos++);
        }

        private void load(List<Event> rows) {
            roundTrips++;
            largestChunk = Math.max(largestChunk, rows.size());
            chunk = rows;
            pos = 0;
            last = rows.size() < chunkSize;
        }

        private void close() {
            if (cursorOpen && !finished) {
                api.closeCursor(id(), CURSOR);
                cursorOpen = false;
            }
        }
    }
}
