package org.londiste4j.apply;

/**
 * How {@link BatchApplier} buffers and applies a batch's row events.
 *
 * <p>The buffer bounds are what keeps a batch of any size (ten million events of one transaction) in a small
 * heap: when either is passed, everything buffered is applied and the buffer starts again. Applying a batch in
 * such windows, each in event order, gives the same tables as applying it whole.
 *
 * @param maxEvents        events buffered (all tables together) before a forced flush; above the worker's catch-up
 *                         batch (20,000+ events), so that such a batch is applied in one window, not one and a tail
 * @param maxBytes         estimated heap bytes of the buffered events before a forced flush
 * @param setWise          collapse each table's events per primary key and apply them set-wise (COPY into a
 *                         temporary table, then one statement per operation); false: always the ordered path
 * @param minSetWiseEvents fewer events of a table in one flush than this go the ordered path, where the
 *                         temporary table's round trips would cost more than they save
 * @param orderedBatchSize statements sent in one round trip on the ordered path (the original sends 200)
 */
public record ApplySettings(int maxEvents, long maxBytes, boolean setWise, int minSetWiseEvents,
                            int orderedBatchSize) {

    public static final int DEFAULT_MAX_EVENTS = 50_000;
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    public static final int DEFAULT_MIN_SET_WISE_EVENTS = 16;
    public static final int DEFAULT_ORDERED_BATCH_SIZE = 200;

    public ApplySettings {
        if (maxEvents < 1 || maxBytes < 1 || minSetWiseEvents < 1 || orderedBatchSize < 1) {
            throw new IllegalArgumentException("apply settings: limits must be positive: maxEvents=" + maxEvents
                    + " maxBytes=" + maxBytes + " minSetWiseEvents=" + minSetWiseEvents + " orderedBatchSize="
                    + orderedBatchSize);
        }
    }

    /** Set-wise on; 50,000 events or an estimated 16 MB buffered; set-wise from 16 events; 200 statements a trip. */
    public static ApplySettings defaults() {
        return new ApplySettings(DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES, true, DEFAULT_MIN_SET_WISE_EVENTS,
                DEFAULT_ORDERED_BATCH_SIZE);
    }

    /** The original's way only: one statement per event, in order. */
    public static ApplySettings ordered() {
        return defaults().withSetWise(false);
    }

    public ApplySettings withSetWise(boolean on) {
        return new ApplySettings(maxEvents, maxBytes, on, minSetWiseEvents, orderedBatchSize);
    }

    public ApplySettings withBuffer(int events, long bytes) {
        return new ApplySettings(events, bytes, setWise, minSetWiseEvents, orderedBatchSize);
    }

    public ApplySettings withMinSetWiseEvents(int n) {
        return new ApplySettings(maxEvents, maxBytes, setWise, n, orderedBatchSize);
    }

    public ApplySettings withOrderedBatchSize(int n) {
        return new ApplySettings(maxEvents, maxBytes, setWise, minSetWiseEvents, n);
    }
}
