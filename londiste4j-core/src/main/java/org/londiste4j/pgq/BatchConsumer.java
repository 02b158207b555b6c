package org.londiste4j.pgq;

import org.londiste4j.pgq.PgqException.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PgQ consumer: takes its queue's batches one after the other, hands their events to a handler and finishes
 * them; the Java side of python-pgq's {@code Consumer} (retriable events, lazy fetch) that the Londiste worker
 * stands on.
 *
 * <p>Delivery is at-least-once. The consumer's position moves only when {@code pgq.finish_batch} commits on the
 * source. If the process dies after the handler applied a batch elsewhere (and committed there) but before that
 * commit, the next run gets the <em>same</em> batch (same id, same ticks, same events) again. A handler that writes
 * to another database must therefore make the batch idempotent there, e.g. record the batch's tick in its own
 * transaction and skip a batch whose tick it already has (Londiste's {@code completed} tick); then the whole is
 * exactly-once.
 *
 * <p>Every method runs on a source connection with autocommit off, owned by one thread.
 */
public final class BatchConsumer {
    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

    private final ConsumerSettings settings;

    public BatchConsumer(ConsumerSettings settings) {
        this.settings = settings;
    }

    public ConsumerSettings settings() {
        return settings;
    }

    /** {@code pgq.register_consumer}: 1 when registered now, 0 when it already was. In the caller's transaction. */
    public int register(Connection source) {
        return new PgqApi(source).registerConsumer(settings.queue(), settings.consumer());
    }

    /** {@code pgq.unregister_consumer}. In the caller's transaction. */
    public int unregister(Connection source) {
        return new PgqApi(source).unregisterConsumer(settings.queue(), settings.consumer());
    }

    /**
     * Allocates the consumer's next batch ({@code pgq.next_batch_info}, or {@code next_batch_custom} when
     * batch conditions are set) in the caller's transaction. Empty when there is no new tick yet. While a batch
     * is active (allocated and committed but not finished) this returns that same batch again.
     *
     * <p>Commit before walking the events if the allocation must survive a failure of the processing (as
     * {@link #work} does), so that a retried run sees the same batch id.
     */
    public Optional<Batch> nextBatch(Connection source) {
        PgqApi api = new PgqApi(source);
        Optional<BatchInfo> info = settings.isCustom()
                ? api.nextBatchCustom(settings.queue(), settings.consumer(), settings.minLag(), settings.minCount(),
                settings.minInterval())
                : api.nextBatchInfo(settings.queue(), settings.consumer());
        return info.map(i -> new Batch(api, i, settings));
    }

    /** What a consumer does with one batch: walk {@link Batch#events()}, tag retries; never finish or commit. */
    @FunctionalInterface
    public interface BatchHandler {
        void process(Batch batch);
    }

    /**
     * One round of the consumer loop, as python-pgq's {@code BaseConsumer.work}: allocate the next batch and
     * commit; then, in a second source transaction, let the handler walk it, send its retry tags, finish it and
     * commit. The handler applies and commits its own destination work <em>before</em> it returns, so a crash
     * leaves either nothing applied or a batch applied but not finished, which comes again (see the class
     * comment). On any failure the source transaction is rolled back and the exception passes on; the batch
     * stays active and the next call returns it.
     *
     * @return true when a batch was processed (there may be more), false when the queue had no batch for us
     */
    public boolean work(Connection source, BatchHandler handler) {
        requireTransaction(source);
        Optional<Batch> next;
        try {
            next = nextBatch(source);
            commit(source, null);
        } catch (RuntimeException e) {
            rollback(source, e);
            throw e;
        }
        if (next.isEmpty()) {
            return false;
        }
        Batch batch = next.get();
        long start = System.nanoTime();
        try {
            handler.process(batch);
            batch.finish();
            commit(source, batch.id());
        } catch (RuntimeException e) {
            rollback(source, e);
            throw e;
        }
        log.debug("queue {} consumer {}: batch {} done, {} events, {} to retry, {} round trips, {} ms",
                settings.queue(), settings.consumer(), batch.id(), batch.eventCount(), batch.retryCount(),
                batch.roundTrips(), (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    private void requireTransaction(Connection source) {
        try {
            if (source.getAutoCommit()) {
                throw new IllegalStateException("queue " + settings.queue() + " consumer " + settings.consumer()
                        + ": the source connection is in autocommit; the batch protocol needs setAutoCommit(false)");
            }
        } catch (SQLException e) {
            throw PgqSql.wrap(new Call("connection", settings.queue(), settings.consumer(), null), e);
        }
    }

    private void commit(Connection source, Long batchId) {
        try {
            source.commit();
        } catch (SQLException e) {
            throw PgqSql.wrap(new Call("commit", settings.queue(), settings.consumer(), batchId), e);
        }
    }

    private static void rollback(Connection source, RuntimeException cause) {
        try {
            source.rollback();
        } catch (SQLException e) {
            // the connection is likely gone; the original failure is the one to report
            cause.addSuppressed(e);
        }
    }
}
