package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay lag under a steady 200 transactions a second with a ticker ticking every 20 ms: the time from the commit
 * on the root to the row's arrival on the leaf (both servers on this machine, one clock), median and 95th
 * percentile printed. The worker polls for the next batch instead of sleeping {@code loop_delay}, so the lag is
 * about one tick interval plus the apply.
 */
@DisplayName("replay lag at 200 tps")
class LagIT {

    @Test
    void lagOnOriginal() throws Exception {
        measure(NodeDb.original("lroot"), NodeDb.original("lleaf"), Cascade.Parts.project());
    }

    static double[] measure(NodeDb root, NodeDb leaf, Cascade.Parts parts) throws Exception {
        root.exec("create table probe (id serial primary key, t timestamptz not null default clock_timestamp())");
        leaf.exec("create table probe (id int primary key, t timestamptz not null,"
                + " arrived timestamptz not null default clock_timestamp())");
        try (Cascade c = new Cascade().with(parts)) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.probe");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.probe", true);
            c.ticker(root);
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            try (Connection w = root.connect(); Statement st = w.createStatement()) {
                long next = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    // the commit time is what counts: t is set by the insert, the commit follows at once
                    st.execute("insert into probe default values");
                    next += 5_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            Cascade.await("every probe row on the leaf", Duration.ofSeconds(60), () ->
                    leaf.count("select count(*) from probe") == 2000);
            String q = "select percentile_cont(%s) within group (order by extract(epoch from arrived - t))"
                    + " from probe where id > 200";
            double median = Double.parseDouble(leaf.one(String.format(q, "0.5")));
            double p95 = Double.parseDouble(leaf.one(String.format(q, "0.95")));
            System.out.printf("replay lag at 200 tps (%s -> %s): median %.3f s, p95 %.3f s%n", root, leaf, median,
                    p95);
            assertTrue(median < 0.5, "median lag " + median + " s");
            return new double[] {median, p95};
        }
    }
}
