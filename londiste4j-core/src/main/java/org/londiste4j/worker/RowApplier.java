package org.londiste4j.worker;

import org.londiste4j.pgq.Event;

import java.sql.Connection;

/**
 * What the worker needs of an applier: row events in, applied in the caller's subscriber transaction, in order
 * ({@code org.londiste4j.apply.BatchApplier}'s contract). A seam so that a test can count what reaches the
 * database; the worker's default is {@link Appliers#batchApplier()}.
 */
public interface RowApplier extends AutoCloseable {
    /** One row event (I/U/D, any trigger spelling, or R = TRUNCATE) for local table {@code destTable}. */
    void add(Event ev, String destTable);

    /** Applies everything buffered; before any non-row event and at batch end. */
    void flush();

    /** Forgets cached metadata of a table (after a copy or DDL). */
    void invalidate(String destTable);

    @Override
    void close();

    /** Makes one applier per subscriber connection (the connection's replication role is already set). */
    @FunctionalInterface
    interface Factory {
        RowApplier open(Connection dest);
    }
}
