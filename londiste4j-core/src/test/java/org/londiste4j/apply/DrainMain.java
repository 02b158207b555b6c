package org.londiste4j.apply;

import org.londiste4j.pgq.BatchConsumer;
import org.londiste4j.pgq.ConsumerSettings;
import org.londiste4j.pgq.Event;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;

/**
 * Drains a queue's row events into a subscriber with {@link BatchApplier}, as the worker would (one transaction
 * per batch, replica role), and prints one line of figures. Run in its own JVM by {@link ApplyMemoryIT} (to
 * prove the bounded heap) and by {@code bench/apply-drain.sh} (events per second, ordered vs set-wise).
 *
 * <p>Arguments: {@code SRC_URL DST_URL QUEUE CONSUMER setwise|ordered [MAX_EVENTS MAX_BYTES]}; URLs are JDBC
 * URLs with user and password in them if needed. Exit code 0 when the queue had nothing more for us.
 */
public final class DrainMain {
    private DrainMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: DrainMain SRC_URL DST_URL QUEUE CONSUMER setwise|ordered"
                    + " [MAX_EVENTS MAX_BYTES]");
            System.exit(2);
        }
        ApplySettings settings = args[4].equals("ordered") ? ApplySettings.ordered() : ApplySettings.defaults();
        if (args.length >= 7) {
            settings = settings.withBuffer(Integer.parseInt(args[5]), Long.parseLong(args[6]));
        }
        BatchConsumer consumer = new BatchConsumer(ConsumerSettings.of(args[2], args[3]));
        try (Connection src = DriverManager.getConnection(args[0]);
             Connection dst = DriverManager.getConnection(args[1])) {
            src.setAutoCommit(false);
            try (Statement st = dst.createStatement()) {
                st.execute("set session_replication_role = replica");
            }
            dst.setAutoCommit(false);
            int batches = 0;
            long start = System.nanoTime();
            ApplyStats stats;
            try (BatchApplier applier = new BatchApplier(dst, settings)) {
                while (true) {
                    boolean got = consumer.work(src, batch -> {
                        for (Event ev : batch.events()) {
                            if (ev.rowType().isPresent()) {
                                applier.add(ev, ev.extra1());
                            }
                        }
                        applier.flush();
                        try {
                            dst.commit();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (!got) {
                        break;
                    }
                    batches++;
                }
                stats = applier.stats();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "mode=%s batches=%d events=%d seconds=%.3f events_per_s=%.0f"
                            + " apply_events_per_s=%.0f setwise=%d ordered=%d fallbacks=%d round_trips=%d"
                            + " max_buffered_bytes=%d heap_max_mb=%d%n",
                    args[4], batches, stats.events(), secs, batches == 0 ? 0 : stats.events() / secs,
                    stats.eventsPerSecond(), stats.setWiseEvents(), stats.orderedEvents(), stats.fallbacks(),
                    stats.roundTrips(), stats.maxBufferedBytes(), Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
