package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leaf that comes back to a backlog of many ticks drains it in batches that span several ticks (at least
 * {@link LondisteWorker#CATCH_UP_EVENTS} events each) instead of one batch per tick, and still applies every
 * event exactly once. The number of INSERT statements the leaf's set-wise apply runs (an ENABLE ALWAYS
 * statement trigger counts them) tells how many batches there were.
 */
class CatchUpIT {

    static List<String[]> pairs() {
        return CrossVersionIT.pairs();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void backlogDrainsInBatchesOverSeveralTicks(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "cuproot");
        NodeDb leaf = NodeDb.ours(to, "cupleaf");
        root.exec("create table log (id int primary key, v text)");
        leaf.exec("create table log (id int primary key, v text)");
        leaf.exec("create table stmts (n int)");
        leaf.exec("create function count_stmt() returns trigger language plpgsql as $$"
                + " begin insert into public.stmts values (1); return null; end $$");
        leaf.exec("create trigger count_stmt after insert on log for each statement execute procedure count_stmt()");
        leaf.exec("alter table log enable always trigger count_stmt");
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.log");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.log", true);
            c.ticker(root);
            // the backlog: 45,000 rows in 450 transactions, ticked every 20 ms while the leaf's worker is down
            try (Connection w = root.connect(); Statement st = w.createStatement()) {
                for (int i = 0; i < 450; i++) {
                    st.execute("insert into log select g, 'row ' || g from generate_series(" + (i * 100 + 1) + ", "
                            + (i * 100 + 100) + ") g");
                    if (i % 5 == 0) {
                        Thread.sleep(25);
                    }
                }
            }
            long ticksBefore = root.count("select count(*) from pgq.tick");
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            Cascade.await("the backlog on the leaf", Duration.ofSeconds(120), () ->
                    leaf.count("select count(*) from log") == 45_000);
            assertEquals(root.one("select sum(hashtext(id || v)) from log"),
                    leaf.one("select sum(hashtext(id || v)) from log"), "the same rows on both sides");
            long statements = leaf.count("select count(*) from stmts");
            assertTrue(ticksBefore > 40, "the backlog spans many ticks: " + ticksBefore);
            // tick by tick it takes one statement per tick that has events; a batch of 20,000+ events a few (the
            // applier flushes its buffer every 20,000 events)
            assertTrue(statements < ticksBefore / 4, statements + " insert statements for a backlog of " + ticksBefore
                    + " ticks: it was not drained in batches over several ticks");
        }
    }
}
