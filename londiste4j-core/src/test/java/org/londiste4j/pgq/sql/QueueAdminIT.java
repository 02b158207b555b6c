package org.londiste4j.pgq.sql;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.exec;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.rows;
import static org.londiste4j.pgq.sql.Sql.scalar;

/** Queue administration: create_queue, drop_queue, set_queue_config, insert_event and its guards. */
class QueueAdminIT {

    static List<String> versions() {
        return Sql.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void createQueueBuildsRotatingTablesOnceAndTicks(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            assertEquals(1, num(c, "select pgq.create_queue('q1')"));
            assertEquals(0, num(c, "select pgq.create_queue('q1')"));
            long id = num(c, "select queue_id from pgq.queue where queue_name = 'q1'");
            String pfx = "pgq.event_" + id;
            assertEquals(pfx, scalar(c, "select queue_data_pfx from pgq.queue where queue_id = ?", (int) id));
            // the parent inherits the template; three children inherit the parent, each indexed on ev_txid
            assertEquals("pgq.event_template", scalar(c, "select inhparent::regclass::text from pg_inherits "
                    + "where inhrelid = ?::regclass", pfx));
            assertEquals(List.of(List.of(pfx + "_0"), List.of(pfx + "_1"), List.of(pfx + "_2")),
                    rows(c, "select inhrelid::regclass::text from pg_inherits "
                            + "where inhparent = ?::regclass order by 1", pfx));
            assertEquals(3, num(c, "select count(*) from pg_index x join pg_attribute a on a.attrelid = x.indrelid "
                    + "and a.attnum = x.indkey[0] where a.attname = 'ev_txid' and x.indrelid in "
                    + "(select inhrelid from pg_inherits where inhparent = ?::regclass)", pfx));
            assertEquals(1, num(c, "select count(*) from pgq.tick where tick_queue = ?", (int) id));
            assertEquals(pfx + "_0", scalar(c, "select pgq.current_event_table('q1')"));
            Exception e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.create_queue('')"));
            assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void insertEventStoresAllFieldsInCurrentTable(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            long e1 = num(c, "select pgq.insert_event('q', 'T1', 'D1')");
            long e2 = num(c, "select pgq.insert_event('q', 'T2', 'D2', 'x1', 'x2', 'x3', 'x4')");
            long e3 = num(c, "select pgq.insert_event_raw('q', 777, now(), null, 3, 'T3', 'D3', "
                    + "null, null, null, 'y4')");
            assertEquals(e1 + 1, e2);
            assertEquals(777, e3);
            assertEquals(List.of(
                            List.of("T1", "D1", "null", "null", "null", "null", "null", "true"),
                            List.of("T2", "D2", "x1", "x2", "x3", "x4", "null", "true"),
                            List.of("T3", "D3", "null", "null", "null", "y4", "3", "true")),
                    rows(c, "select ev_type, ev_data, coalesce(ev_extra1, 'null'), coalesce(ev_extra2, 'null'), "
                            + "coalesce(ev_extra3, 'null'), coalesce(ev_extra4, 'null'), "
                            + "coalesce(ev_retry::text, 'null'), (ev_txid < txid_current())::text from "
                            + scalar(c, "select pgq.current_event_table('q')")
                            + " order by ev_id"));
            Exception e = assertThrows(SQLException.class, () -> insert(c, "nosuch", "x"));
            assertTrue(e.getMessage().contains("No such queue: nosuch"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void perTxLimitAndDisableInsertRefuse(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            num(c, "select pgq.set_queue_config('q', 'queue_per_tx_limit', '2')");
            c.setAutoCommit(false);
            insert(c, "q", "a");
            insert(c, "q", "b");
            Exception e = assertThrows(SQLException.class, () -> insert(c, "q", "c"));
            assertTrue(e.getMessage().contains("Queue 'q' allows max 2 events from one TX"), e.getMessage());
            c.rollback();
            // the count is per transaction: a new one may insert two again
            insert(c, "q", "a");
            insert(c, "q", "b");
            c.commit();
            insert(c, "q", "c");
            c.commit();
            c.setAutoCommit(true);
            num(c, "select pgq.set_queue_config('q', 'per_tx_limit', null)");
            for (int i = 0; i < 5; i++) {
                insert(c, "q", "n" + i);
            }
            num(c, "select pgq.set_queue_config('q', 'disable_insert', 'true')");
            e = assertThrows(SQLException.class, () -> insert(c, "q", "x"));
            assertTrue(e.getMessage().contains("Insert into queue disallowed"), e.getMessage());
            num(c, "select pgq.set_queue_config('q', 'queue_disable_insert', 'false')");
            insert(c, "q", "y");
            e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.set_queue_config('q', 'ntables', '5')"));
            assertTrue(e.getMessage().contains("unknown queue setting ntables"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void setQueueConfigTakesNamesWithAndWithoutPrefix(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            String[][] sets = {
                {"ticker_max_count", "7"}, {"queue_ticker_max_lag", "5 seconds"}, {"ticker_idle_period", "30"},
                {"queue_ticker_paused", "true"}, {"rotation_period", "1 hour"}, {"queue_external_ticker", "on"}};
            for (String[] s : sets) {
                assertEquals(1, num(c, "select pgq.set_queue_config('q', ?, ?)", s[0], s[1]));
            }
            assertEquals(List.of(List.of("7", "00:00:05", "00:00:30", "t", "01:00:00", "t")),
                    rows(c, "select queue_ticker_max_count, queue_ticker_max_lag, queue_ticker_idle_period, "
                            + "queue_ticker_paused, queue_rotation_period, queue_external_ticker from pgq.queue"));
            Exception e = assertThrows(SQLException.class,
                    () -> scalar(c, "select pgq.set_queue_config('x', 'ticker_paused', 'on')"));
            assertTrue(e.getMessage().contains("No such event queue: x"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void dropQueueRefusesWithConsumersUnlessForced(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('a')");
            num(c, "select pgq.create_queue('b')");
            num(c, "select pgq.register_consumer('a', 'c1')");
            long aid = num(c, "select queue_id from pgq.queue where queue_name = 'a'");
            Exception e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.drop_queue('a')"));
            assertTrue(e.getMessage().contains("cannot drop queue, consumers still attached: a"), e.getMessage());
            assertEquals(1, num(c, "select pgq.drop_queue('a', true)"));
            assertNull(scalar(c, "select to_regclass('pgq.event_" + aid + "')"));
            assertNull(scalar(c, "select to_regclass('pgq.event_" + aid + "_id_seq')"));
            assertEquals(0, num(c, "select count(*) from pgq.subscription"));
            assertEquals(0, num(c, "select count(*) from pgq.consumer"));
            assertEquals(0, num(c, "select count(*) from pgq.tick where tick_queue = ?", (int) aid));
            // the other queue still takes events: the insert dispatcher was rebuilt without 'a'
            insert(c, "b", "still");
            assertEquals(1, num(c, "select pgq.drop_queue('b')"));
            e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.drop_queue('b')"));
            assertTrue(e.getMessage().contains("No such event queue: b"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void reinstallKeepsQueuesEventsAndPositions(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            Sql.tickAlways(c, "q");
            num(c, "select pgq.register_consumer('q', 'c')");
            insert(c, "q", "before");
            Sql.tick(c, "q");
            // an upgrade in place: the same script over the existing install
            SchemaInstaller.install(c, "pgq");
            insert(c, "q", "after");
            Sql.tick(c, "q");
            assertEquals(List.of("before", "after"), Sql.drain(c, "q", "c"));
            exec(c, "select pgq.upgrade_schema()");
            assertEquals(0, num(c, "select pgq.upgrade_schema()"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void seqSetvalNeverMovesBackwards(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            exec(c, "create sequence public.s1");
            assertEquals(100, num(c, "select pgq.seq_setval('public.s1', 100)"));
            assertEquals(100, num(c, "select pgq.seq_setval('public.s1', 50)"));
            assertEquals(100, num(c, "select pgq.seq_getval('public.s1')"));
            assertEquals(101, num(c, "select nextval('public.s1')"));
            assertEquals("public.\"Mixed Case\"", scalar(c, "select pgq.quote_fqname('public.Mixed Case')"));
            assertEquals("public.t", scalar(c, "select pgq.quote_fqname('t')"));
        }
    }
}
