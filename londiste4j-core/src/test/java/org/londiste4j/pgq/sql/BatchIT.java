package org.londiste4j.pgq.sql;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.batchData;
import static org.londiste4j.pgq.sql.Sql.drain;
import static org.londiste4j.pgq.sql.Sql.exec;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.nextBatch;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.rows;
import static org.londiste4j.pgq.sql.Sql.scalar;
import static org.londiste4j.pgq.sql.Sql.tick;

/** Batches: exactly the transactions committed between two ticks, per consumer. */
class BatchIT {

    static List<String> versions() {
        return Sql.versions();
    }

    static void setup(Connection c, String... consumers) throws SQLException {
        num(c, "select pgq.create_queue('q')");
        Sql.tickAlways(c, "q");
        for (String co : consumers) {
            num(c, "select pgq.register_consumer('q', ?)", co);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void transactionOpenAcrossTickLandsInLaterBatchAndAbortedNeverAppears(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect(); Connection longTx = db.connect(); Connection aborted = db.connect()) {
            setup(c, "c");
            longTx.setAutoCommit(false);
            aborted.setAutoCommit(false);
            insert(longTx, "q", "long");           // begins before tick 2, commits after it
            insert(aborted, "q", "aborted");
            insert(c, "q", "short1");
            tick(c, "q");
            longTx.commit();
            insert(c, "q", "short2");
            aborted.rollback();
            tick(c, "q");

            Long b1 = nextBatch(c, "q", "c");
            assertNotNull(b1);
            assertEquals(List.of("short1"), batchData(c, b1));
            num(c, "select pgq.finish_batch(?)", b1);
            Long b2 = nextBatch(c, "q", "c");
            assertEquals(List.of("long", "short2"), batchData(c, b2));
            num(c, "select pgq.finish_batch(?)", b2);
            assertNull(nextBatch(c, "q", "c"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void manyOverlappingTransactionsEachAppearOnce(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c, "c");
            List<Connection> open = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            try {
                // staggered transactions: each commits a few ticks after it began
                for (int i = 0; i < 12; i++) {
                    Connection t = db.connect();
                    t.setAutoCommit(false);
                    insert(t, "q", "tx" + i);
                    expected.add("tx" + i);
                    open.add(t);
                    if (open.size() > 3) {
                        Connection done = open.remove(0);
                        done.commit();
                        done.close();
                    }
                    insert(c, "q", "auto" + i);
                    expected.add("auto" + i);
                    tick(c, "q");
                }
                for (Connection t : open) {
                    t.commit();
                    t.close();
                }
                open.clear();
                tick(c, "q");
            } finally {
                for (Connection t : open) {
                    t.close();
                }
            }
            List<String> seen = drain(c, "q", "c");
            assertEquals(expected.stream().sorted().toList(), seen.stream().sorted().toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void rangeScanAndTxidListSelectTheSameEvents(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect(); Connection t1 = db.connect(); Connection t2 = db.connect()) {
            setup(c, "c");
            t1.setAutoCommit(false);
            t2.setAutoCommit(false);
            insert(t1, "q", "open1");          // both still running at the next tick
            insert(t2, "q", "open2");
            insert(c, "q", "before");
            tick(c, "q");
            drain(c, "q", "c");
            insert(c, "q", "after");
            t1.commit();                        // t2 stays open: in both snapshots of the next batch
            tick(c, "q");
            long batch = nextBatch(c, "q", "c");
            List<String> listed = batchData(c, batch);
            assertTrue(scalar(c, "select pgq.batch_event_sql(?)", batch).contains(" in ("), "txid list used");
            // with no list allowed, one range from the start snapshot's xmin, filtered by both snapshots
            exec(c, "set pgq.batch_txid_list_max = 0");
            assertTrue(!scalar(c, "select pgq.batch_event_sql(?)", batch).contains(" in ("), "range scan used");
            assertEquals(listed, batchData(c, batch));
            assertEquals(List.of("open1", "after"), listed);
            exec(c, "reset pgq.batch_txid_list_max");
            num(c, "select pgq.finish_batch(?)", batch);
            t2.commit();
            tick(c, "q");
            assertEquals(List.of("open2"), drain(c, "q", "c"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void twoConsumersEachSeeEveryEventAndBatchReopensUntilFinished(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c, "a", "b");
            insert(c, "q", "e1");
            insert(c, "q", "e2");
            tick(c, "q");
            long ba = nextBatch(c, "q", "a");
            assertEquals(ba, nextBatch(c, "q", "a"), "an open batch is returned again");
            assertEquals(List.of("e1", "e2"), batchData(c, ba));
            num(c, "select pgq.finish_batch(?)", ba);
            insert(c, "q", "e3");
            tick(c, "q");
            assertEquals(List.of("e3"), drain(c, "q", "a"));
            assertEquals(List.of("e1", "e2", "e3"), drain(c, "q", "b"));
            assertEquals(0, num(c, "select pgq.finish_batch(?)", ba));
            Exception e = assertThrows(SQLException.class, () -> nextBatch(c, "q", "nobody"));
            assertTrue(e.getMessage().contains("Not subscriber to queue: q/nobody"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void batchInfoAndNextBatchInfoDescribeTheTicks(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c, "c");
            long t1 = num(c, "select max(tick_id) from pgq.tick");
            insert(c, "q", "x");
            long t2 = tick(c, "q");
            List<String> info = rows(c, "select batch_id, cur_tick_id, prev_tick_id, cur_tick_time is not null, "
                    + "prev_tick_time <= cur_tick_time, cur_tick_event_seq >= prev_tick_event_seq "
                    + "from pgq.next_batch_info('q', 'c')").get(0);
            long batch = Long.parseLong(info.get(0));
            assertEquals(List.of(Long.toString(t2), Long.toString(t1), "t", "t", "t"), info.subList(1, 6));
            assertEquals(List.of(List.of("q", "c", Long.toString(t1), Long.toString(t2), "t")),
                    rows(c, "select queue_name, consumer_name, prev_tick_id, tick_id, "
                            + "batch_start <= batch_end and lag >= '0' and seq_end >= seq_start "
                            + "from pgq.get_batch_info(?)", batch));
            assertEquals(List.of("pgq.event_1_0", "pgq.event_1_2"),
                    rows(c, "select t from pgq.batch_event_tables(?) t order by 1", batch)
                            .stream().map(r -> r.get(0)).toList());
            assertTrue(scalar(c, "select pgq.batch_event_sql(?)", batch).endsWith("order by 1"));
            num(c, "select pgq.finish_batch(?)", batch);
            assertEquals(List.of(List.of("null", "null", "null")),
                    rows(c, "select coalesce(batch_id::text, 'null'), coalesce(cur_tick_id::text, 'null'), "
                            + "coalesce(prev_tick_id::text, 'null') from pgq.next_batch_info('q', 'c')"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void nextBatchCustomWaitsForCountIntervalAndLag(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c, "c");
            insert(c, "q", "a");
            tick(c, "q");
            insert(c, "q", "b");
            insert(c, "q", "c");
            long t3 = tick(c, "q");
            // three events are needed: the first tick has one only, so the batch spans to the second
            List<String> r = rows(c, "select batch_id, cur_tick_id "
                    + "from pgq.next_batch_custom('q', 'c', null, 3, null)").get(0);
            assertEquals(Long.toString(t3), r.get(1));
            assertEquals(List.of("a", "b", "c"), batchData(c, Long.parseLong(r.get(0))));
            num(c, "select pgq.finish_batch(?)", Long.parseLong(r.get(0)));

            insert(c, "q", "d");
            tick(c, "q");
            assertNull(scalar(c, "select batch_id from pgq.next_batch_custom('q', 'c', null, 1000, null)"));
            assertNull(scalar(c, "select batch_id from pgq.next_batch_custom('q', 'c', null, null, '1 hour')"));
            assertNull(scalar(c, "select batch_id from pgq.next_batch_custom('q', 'c', '1 hour', null, null)"));
            Long b = Long.valueOf(scalar(c, "select batch_id from pgq.next_batch_custom('q', 'c', '0', null, '0')"));
            assertEquals(List.of("d"), batchData(c, b));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void batchCursorReturnsQuickPartThenFetches(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c, "c");
            for (int i = 0; i < 10; i++) {
                num(c, "select pgq.insert_event('q', ?, ?)", i % 2 == 0 ? "even" : "odd", "e" + i);
            }
            tick(c, "q");
            long b = nextBatch(c, "q", "c");
            c.setAutoCommit(false);
            assertEquals(List.of("e0", "e1", "e2", "e3"),
                    rows(c, "select ev_data from pgq.get_batch_cursor(?, 'cur', 4)", b)
                    .stream().map(r -> r.get(0)).toList());
            assertEquals(List.of("e4", "e5", "e6", "e7", "e8", "e9"), rows(c, "fetch 100 from cur")
                    .stream().map(r -> r.get(5)).toList());
            exec(c, "close cur");
            assertEquals(List.of("e1", "e3"), rows(c, "select ev_data from pgq.get_batch_cursor(?, 'c2', 2, "
                    + "'ev_type = ''odd''')", b).stream().map(r -> r.get(0)).toList());
            assertEquals(List.of("e5", "e7", "e9"), rows(c, "fetch all from c2").stream().map(r -> r.get(5)).toList());
            c.commit();
            c.setAutoCommit(true);
        }
    }
}
