package org.londiste4j.apply;

import java.time.Duration;

/**
 * What a {@link BatchApplier} did since it was made: counters for the worker's log and for the benchmarks.
 *
 * @param events           row events added (TRUNCATE included)
 * @param inserted         rows inserted (as the statements reported them)
 * @param updated          rows updated
 * @param deleted          rows deleted
 * @param truncates        TRUNCATE statements run
 * @param statements       SQL statements sent (COPY counts as one)
 * @param roundTrips       round trips to the subscriber
 * @param setWiseEvents    events applied through the set-wise path
 * @param orderedEvents    events applied one statement each, in order
 * @param fallbacks        table windows where set-wise was tried, failed and was redone in order
 * @param flushes          times the buffer was applied
 * @param maxBufferedBytes the largest estimated heap size the buffer reached
 * @param time             time spent applying (flushes and truncates, not buffering)
 */
public record ApplyStats(long events, long inserted, long updated, long deleted, long truncates, long statements,
                         long roundTrips, long setWiseEvents, long orderedEvents, long fallbacks, long flushes,
                         long maxBufferedBytes, Duration time) {

    /** Events per second of apply time (0 when nothing was timed). */
    public double eventsPerSecond() {
        long nanos = time.toNanos();
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }
}
