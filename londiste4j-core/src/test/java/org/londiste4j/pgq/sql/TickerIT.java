package org.londiste4j.pgq.sql;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.drain;
import static org.londiste4j.pgq.sql.Sql.exec;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.scalar;

/** The ticker's rule (max count, max lag, idle period, paused) and the external ticker. */
class TickerIT {

    static List<String> versions() {
        return Sql.versions();
    }

    /** Makes the last tick of queue q look {@code age} old, so lag rules can be tested without waiting. */
    static void ageLastTick(Connection c, String age) throws SQLException {
        exec(c, "update pgq.tick set tick_time = tick_time - interval '" + age + "' "
                + "where tick_id = (select max(tick_id) from pgq.tick) ");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void tickerTicksOnCountOrLagAndThinsIdleTicks(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            num(c, "select pgq.set_queue_config('q', 'ticker_max_count', '3')");
            // no events, last tick fresh: nothing to do
            assertNull(scalar(c, "select pgq.ticker('q')"));
            assertEquals(0, num(c, "select pgq.ticker()"));
            insert(c, "q", "1");
            insert(c, "q", "2");
            assertNull(scalar(c, "select pgq.ticker('q')"), "2 events < max_count, lag < max_lag");
            insert(c, "q", "3");
            assertNotNull(scalar(c, "select pgq.ticker('q')"), "max_count reached");
            insert(c, "q", "4");
            assertNull(scalar(c, "select pgq.ticker('q')"));
            ageLastTick(c, "4 seconds");
            assertEquals(1, num(c, "select pgq.ticker()"), "max_lag (3 s) passed with an event pending");
            // idle: half of max_lag passed, but the gap before was longer: keep waiting
            ageLastTick(c, "2 seconds");
            assertNull(scalar(c, "select pgq.ticker('q')"));
            ageLastTick(c, "70 seconds");
            assertNotNull(scalar(c, "select pgq.ticker('q')"), "idle period passed");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void forceTickMakesTheNextTickerTickAndPausedQueuesAreSkipped(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            long last = num(c, "select pgq.force_tick('q')");
            assertEquals(1, num(c, "select pgq.ticker()"));
            assertEquals(last + 1, num(c, "select pgq.force_tick('q')"));
            num(c, "select pgq.set_queue_config('q', 'ticker_paused', 'true')");
            assertEquals(0, num(c, "select pgq.ticker()"));
            Exception e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.ticker('q')"));
            assertTrue(e.getMessage().contains("paused"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void externalTickerRecordsGivenTicksOnly(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            num(c, "select pgq.set_queue_config('q', 'external_ticker', 'true')");
            num(c, "select pgq.register_consumer('q', 'c')");
            assertEquals(0, num(c, "select pgq.ticker()"));
            Exception e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.ticker('q')"));
            assertTrue(e.getMessage().contains("external ticker"), e.getMessage());
            insert(c, "q", "x");
            assertEquals(500, num(c, "select pgq.ticker('q', 500, now() - interval '1 minute', 1000)"));
            assertEquals(List.of("x"), drain(c, "q", "c"));
            assertEquals(500, num(c, "select pgq.seq_getval(queue_tick_seq) from pgq.queue"));
            assertEquals(1000, num(c, "select pgq.seq_getval(queue_event_seq) from pgq.queue"));
            assertTrue(num(c, "select pgq.insert_event('q', 't', 'y')") > 1000, "event ids continue past the source's");
            num(c, "select pgq.set_queue_config('q', 'external_ticker', 'false')");
            e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.ticker('q', 501, now(), 1001)"));
            assertTrue(e.getMessage().contains("queue not found or ticker disabled: q"), e.getMessage());
        }
    }
}
