package org.londiste4j.ticker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-way "stop now" flag that sleeping loops wait on, so that stopping never waits out a period. */
final class StopSignal {
    private final CountDownLatch latch = new CountDownLatch(1);

    void set() {
        latch.countDown();
    }

    boolean isSet() {
        return latch.getCount() == 0;
    }

    /** Sleeps up to {@code d}; true when stopped (at once, or during the sleep). */
    boolean await(Duration d) {
        try {
            return latch.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
