package org.londiste4j.pgq.sql;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.drain;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.nextBatch;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.rows;
import static org.londiste4j.pgq.sql.Sql.scalar;
import static org.londiste4j.pgq.sql.Sql.tick;

/** The retry queue: an event given back comes again later, to that consumer only. */
class RetryIT {

    static List<String> versions() {
        return Sql.versions();
    }

    static void setup(Connection c) throws SQLException {
        num(c, "select pgq.create_queue('q')");
        Sql.tickAlways(c, "q");
        num(c, "select pgq.register_consumer('q', 'a')");
        num(c, "select pgq.register_consumer('q', 'b')");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void retriedEventComesBackLaterOnlyToItsConsumer(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c);
            long id1 = num(c, "select pgq.insert_event('q', 'T', 'one', 'x1', null, null, 'x4')");
            insert(c, "q", "two");
            tick(c, "q");
            long batch = nextBatch(c, "q", "a");
            assertEquals(1, num(c, "select pgq.event_retry(?, ?, 0)", batch, id1));
            assertEquals(0, num(c, "select pgq.event_retry(?, ?, 0)", batch, id1), "already taken for retry");
            Exception e = assertThrows(SQLException.class,
                    () -> scalar(c, "select pgq.event_retry(?, 999999::bigint, 0)", batch));
            assertTrue(e.getMessage().contains("event 999999 not found in batch"), e.getMessage());
            num(c, "select pgq.finish_batch(?)", batch);
            assertEquals(List.of("one", "two"), drain(c, "q", "b"));

            // not yet due: a far retry time stays in the retry queue
            insert(c, "q", "three");
            tick(c, "q");
            long b2 = nextBatch(c, "q", "a");
            long id3 = num(c, "select ev_id from pgq.get_batch_events(?) where ev_data = 'three'", b2);
            assertEquals(1, num(c, "select pgq.event_retry(?, ?, now() + interval '1 hour')", b2, id3));
            num(c, "select pgq.finish_batch(?)", b2);

            assertEquals(1, num(c, "select pgq.maint_retry_events()"));
            assertEquals(0, num(c, "select pgq.maint_retry_events()"));
            tick(c, "q");
            assertEquals(List.of(List.of(Long.toString(id1), "one", "1", "T", "x1", "x4")),
                    rows(c, "select ev_id, ev_data, ev_retry, ev_type, ev_extra1, ev_extra4 "
                            + "from pgq.get_batch_events(?)",
                            nextBatch(c, "q", "a")));
            drain(c, "q", "a");
            assertEquals(List.of("three"), drain(c, "q", "b"), "b sees the new event but not a's retried one");
            assertEquals(1, num(c, "select count(*) from pgq.retry_queue"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void batchRetryGivesBackTheWholeBatchAndUnregisterDropsRetries(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c);
            for (int i = 0; i < 5; i++) {
                insert(c, "q", "e" + i);
            }
            tick(c, "q");
            long batch = nextBatch(c, "q", "a");
            long first = num(c, "select min(ev_id) from pgq.get_batch_events(?)", batch);
            assertEquals(1, num(c, "select pgq.event_retry(?, ?, 0)", batch, first));
            assertEquals(4, num(c, "select pgq.batch_retry(?, 0)", batch));
            num(c, "select pgq.finish_batch(?)", batch);
            assertEquals(5, num(c, "select pgq.maint_retry_events()"));
            tick(c, "q");
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), drain(c, "q", "a"));
            // a second round of retries counts up
            insert(c, "q", "again");
            tick(c, "q");
            long b2 = nextBatch(c, "q", "a");
            num(c, "select pgq.batch_retry(?, 3600)", b2);
            num(c, "select pgq.finish_batch(?)", b2);
            assertEquals(1, num(c, "select count(*) from pgq.retry_queue"));
            num(c, "select pgq.unregister_consumer('q', 'a')");
            assertEquals(0, num(c, "select count(*) from pgq.retry_queue"));
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4", "again"), drain(c, "q", "b"));
        }
    }
}
