package org.londiste4j.ticker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What pgqd did in one database: ticker calls, retry events moved back, maintenance rounds. The stats line
 * ({@code {ticks: N, maint: N, retry: N}}, the original's wording) reports and resets the period counters;
 * the totals only grow.
 */
public final class TickerStats {
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong maint = new AtomicLong();
    private final AtomicLong totalTicks = new AtomicLong();
    private final AtomicLong totalRetries = new AtomicLong();
    private final AtomicLong totalMaint = new AtomicLong();

    void tick() {
        ticks.incrementAndGet();
        totalTicks.incrementAndGet();
    }

    void retried(long n) {
        retries.addAndGet(n);
        totalRetries.addAndGet(n);
    }

    void maintRound() {
        maint.incrementAndGet();
        totalMaint.incrementAndGet();
    }

    /** The stats line of the period since the last call, and a fresh period. */
    String takeLine() {
        return "{ticks: " + ticks.getAndSet(0) + ", maint: " + maint.getAndSet(0) + ", retry: "
                + retries.getAndSet(0) + "}";
    }

    /** Calls of {@code pgq.ticker()} that succeeded since pgqd started. */
    public long totalTicks() {
        return totalTicks.get();
    }

    /** Retry events moved back into their queue since pgqd started. */
    public long totalRetries() {
        return totalRetries.get();
    }

    /** Completed maintenance rounds since pgqd started. */
    public long totalMaint() {
        return totalMaint.get();
    }
}
