package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The worker stopped in the middle of an initial copy (SPEC 6.11: its copies stop with it) leaves no connection
 * behind and no half state: the table is still {@code in-copy} with its old rows (the COPY was rolled back), or
 * {@code catching-up} with the whole copy; a new worker finishes the job, and every row ends equal.
 */
final class StopRestartScenarios {
    private StopRestartScenarios() {
    }

    static void stopDuringCopy(NodeDb root, NodeDb leaf, Cascade.Parts parts, int rows) throws Exception {
        root.exec("create table big (id int primary key, v text, n int)",
                "insert into big select g, repeat('x', 40) || g, 0 from generate_series(1, " + rows + ") g");
        leaf.exec("create table big (id int primary key, v text, n int)");
        try (Cascade c = new Cascade().with(parts)) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.big");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.ticker(root);
            AtomicBoolean writing = new AtomicBoolean(true);
            Cascade.Loop writer = new Cascade.Loop("writer", Duration.ZERO, () -> {
                Random r = new Random(5);
                try (Connection w = root.connect(); Statement st = w.createStatement()) {
                    while (writing.get()) {
                        st.execute("update big set n = n + 1 where id = " + (1 + r.nextInt(rows)));
                        st.execute("insert into big values (" + (rows + 1 + r.nextInt(1_000_000)) + ", 'new', 0)"
                                + " on conflict (id) do update set n = big.n + 1");
                        Thread.sleep(3);
                    }
                }
                return null;
            });
            c.closeLater(writer);
            Cascade.Running first = c.worker("leaf", Cascade.settings(leaf, "leaf"));
            c.addTable(leaf, "public.big", false);
            Cascade.await("the COPY running on " + leaf, Duration.ofSeconds(60), () ->
                    leaf.count("select count(*) from pg_stat_activity where application_name ="
                            + " 'londiste leaf copy public.big' and query ilike 'copy%'") > 0);
            first.close();
            Cascade.await("no worker connection left on " + leaf, Duration.ofSeconds(30), () ->
                    leaf.count("select count(*) from pg_stat_activity where application_name like 'londiste leaf%'")
                            == 0);
            String state = leaf.one("select merge_state from londiste.table_info where table_name = 'public.big'");
            if ("in-copy".equals(state)) {
                assertEquals(0, leaf.count("select count(*) from big"), "an abandoned COPY leaves nothing behind");
            }
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            Cascade.await("public.big ok after the restart", Duration.ofSeconds(120), () -> "ok".equals(
                    leaf.one("select merge_state from londiste.table_info where table_name = 'public.big'")));
            writing.set(false);
            writer.close();
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            assertEquals(root.rows("select * from big order by id"), leaf.rows("select * from big order by id"));
        }
    }
}
