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
import static org.londiste4j.pgq.sql.Sql.exec;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.nextBatch;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.rows;
import static org.londiste4j.pgq.sql.Sql.scalar;
import static org.londiste4j.pgq.sql.Sql.tick;

/** Consumers' registration and the info functions, maintenance listing, roles and grants. */
class InfoIT {

    static List<String> versions() {
        return Sql.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void consumerInfoShowsPositionsBatchesAndPendingEvents(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q1')");
            num(c, "select pgq.create_queue('q2')");
            Sql.tickAlways(c, "q1");
            assertEquals(1, num(c, "select pgq.register_consumer('q1', 'a')"));
            assertEquals(0, num(c, "select pgq.register_consumer('q1', 'a')"));
            num(c, "select pgq.register_consumer('q1', 'b')");
            num(c, "select pgq.register_consumer('q2', 'a')");
            long t1 = num(c, "select max(tick_id) from pgq.tick, pgq.queue "
                    + "where tick_queue = queue_id and queue_name = 'q1'");
            insert(c, "q1", "x");
            insert(c, "q1", "y");
            long t2 = tick(c, "q1");
            insert(c, "q1", "z");
            long batch = nextBatch(c, "q1", "a");
            assertEquals(List.of(
                            List.of("q1", "a", Long.toString(t1), Long.toString(batch), Long.toString(t2), "3", "t"),
                            List.of("q1", "b", Long.toString(t1), "null", "null", "3", "t"),
                            List.of("q2", "a", "1", "null", "null", "0", "t")),
                    rows(c, "select queue_name, consumer_name, last_tick, coalesce(current_batch::text, 'null'), "
                            + "coalesce(next_tick::text, 'null'), pending_events, lag >= '0' and last_seen >= '0' "
                            + "from pgq.get_consumer_info()"));
            assertEquals(2, rows(c, "select * from pgq.get_consumer_info('q1')").size());
            assertEquals(1, rows(c, "select * from pgq.get_consumer_info('q1', 'b')").size());
            assertEquals(0, rows(c, "select * from pgq.get_consumer_info('q1', 'nobody')").size());

            // moving a consumer: not while its batch is open
            Exception e = assertThrows(SQLException.class,
                    () -> scalar(c, "select pgq.register_consumer_at('q1', 'a', ?)", t2));
            assertTrue(e.getMessage().contains("has a batch open"), e.getMessage());
            assertEquals(0, num(c, "select pgq.register_consumer_at('q1', 'b', ?)", t2));
            assertEquals(1, num(c, "select pgq.register_consumer_at('q1', 'c', ?)", t1));
            e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.register_consumer_at('q1', 'd', 99999)"));
            assertTrue(e.getMessage().contains("tick 99999 not found"), e.getMessage());
            assertEquals(List.of("x", "y"), Sql.drain(c, "q1", "c"));

            assertEquals(1, num(c, "select pgq.unregister_consumer('q1', 'a')"));
            assertEquals(0, num(c, "select pgq.unregister_consumer('q1', 'a')"));
            assertEquals(1, num(c, "select count(*) from pgq.consumer where co_name = 'a'"), "still on q2");
            e = assertThrows(SQLException.class, () -> scalar(c, "select pgq.register_consumer('nosuch', 'a')"));
            assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void queueInfoShowsSettingsLagAndRates(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            num(c, "select pgq.create_queue('r')");
            Sql.tickAlways(c, "q");
            for (int i = 0; i < 10; i++) {
                insert(c, "q", "e" + i);
            }
            // make the rate measurable without waiting: the first tick a minute in the past
            exec(c, "update pgq.tick set tick_time = tick_time - interval '60 seconds'");
            long t = tick(c, "q");
            insert(c, "q", "new");
            List<String> r = rows(c, "select queue_name, queue_ntables, queue_cur_table, queue_rotation_period, "
                    + "queue_external_ticker, queue_ticker_paused, queue_ticker_max_count, queue_ticker_max_lag, "
                    + "queue_ticker_idle_period, ticker_lag >= '0', ev_per_sec between 0.1 and 0.2, ev_new, "
                    + "last_tick_id, "
                    + "queue_switch_time is not null from pgq.get_queue_info('q')").get(0);
            assertEquals(List.of("q", "3", "0", "02:00:00", "f", "f", "500", "00:00:00", "00:00:00", "t", "t", "1",
                    Long.toString(t), "t"), r);
            assertEquals(List.of(List.of("q"), List.of("r")), rows(c, "select queue_name from pgq.get_queue_info()"));
            assertEquals(List.of(List.of("null")),
                    rows(c, "select coalesce(ev_per_sec::text, 'null') from pgq.get_queue_info('r')"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void maintOperationsListRotationStepsAndExtras(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            // autovacuum is on (the default): it looks after pgq's tables, so no vacuum is listed
            assertEquals("on", scalar(c, "show autovacuum"));
            assertEquals(0, rows(c, "select * from pgq.maint_operations()").size());
            assertEquals(0, num(c, "select count(*) from pgq.maint_tables_to_vacuum()"));
            num(c, "select pgq.set_queue_config('q', 'rotation_period', '0')");
            exec(c, "update pgq.queue set queue_extra_maint = array['public.my_maint']");
            exec(c, "create schema londiste");
            exec(c, "create function londiste.periodic_maintenance() returns int language sql as 'select 0'");
            assertEquals(List.of(List.of("pgq.maint_rotate_tables_step1", "q"),
                            List.of("pgq.maint_rotate_tables_step2", "null"),
                            List.of("public.my_maint", "q"),
                            List.of("londiste.periodic_maintenance", "null")),
                    rows(c, "select func_name, coalesce(func_arg, 'null') from pgq.maint_operations()"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void rolesAndGrantsLetAWriterProduceAndAReaderConsume(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            assertEquals(3, num(c, "select count(*) from pg_roles "
                    + "where rolname in ('pgq_reader', 'pgq_writer', 'pgq_admin')"));
            exec(c, "do $$ begin if not exists (select 1 from pg_roles where rolname = 'tmpl_auditor') then "
                    + "create role tmpl_auditor; end if; end $$");
            exec(c, "grant select on pgq.event_template to tmpl_auditor");
            num(c, "select pgq.create_queue('q')");
            // what the DBA granted on the template reaches every event table
            assertEquals("t", scalar(c, "select has_table_privilege('tmpl_auditor', 'pgq.event_1_1', 'select')"));
            assertEquals("t", scalar(c, "select has_table_privilege('tmpl_auditor', 'pgq.event_1', 'select')"));
            assertEquals("t", scalar(c, "select has_table_privilege('pgq_reader', 'pgq.event_1_0', 'select')"));
            assertEquals("t", scalar(c, "select has_table_privilege('pgq_writer', 'pgq.event_1_0', 'insert')"));
            assertEquals("f", scalar(c, "select has_table_privilege('pgq_reader', 'pgq.event_1_0', 'insert')"));
            String fn = "select has_function_privilege(?, ?, 'execute')";
            assertEquals("t", scalar(c, fn, "pgq_reader", "pgq.next_batch(text, text)"));
            assertEquals("f", scalar(c, fn, "pgq_reader", "pgq.create_queue(text)"));
            assertEquals("t", scalar(c, fn, "public", "pgq.insert_event(text, text, text)"));
            assertEquals("f", scalar(c, "select has_function_privilege('public', 'pgq.ticker()', 'execute')"));
            assertEquals("t", scalar(c, "select has_function_privilege('pgq_admin', 'pgq.ticker()', 'execute')"));
            assertEquals(List.of(List.of("fillfactor=100", "autovacuum_enabled=off")),
                    rows(c, "select reloptions[1], reloptions[2] from pg_class where oid = 'pgq.event_1_2'::regclass"));
        }
    }
}
