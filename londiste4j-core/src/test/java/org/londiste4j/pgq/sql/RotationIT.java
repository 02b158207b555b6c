package org.londiste4j.pgq.sql;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.drain;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.num;
import static org.londiste4j.pgq.sql.Sql.scalar;
import static org.londiste4j.pgq.sql.Sql.tick;

/** Rotation of the event tables: by TRUNCATE, never past the slowest consumer, losing and doubling nothing. */
class RotationIT {

    static List<String> versions() {
        return Sql.versions();
    }

    static void setup(Connection c) throws SQLException {
        num(c, "select pgq.create_queue('q')");
        Sql.tickAlways(c, "q");
        num(c, "select pgq.set_queue_config('q', 'rotation_period', '0')");
        num(c, "select pgq.register_consumer('q', 'fast')");
        num(c, "select pgq.register_consumer('q', 'slow')");
    }

    static int curTable(Connection c) throws SQLException {
        return (int) num(c, "select queue_cur_table from pgq.queue where queue_name = 'q'");
    }

    static String relfilenode(Connection c, int table) throws SQLException {
        return scalar(c, "select relfilenode::text from pg_class where oid = ?::regclass", "pgq.event_1_" + table);
    }

    /** Step1 and step2 in transactions of their own, as pgqd runs them; returns step1's result. */
    static int rotate(Connection c) throws SQLException {
        int r = (int) num(c, "select pgq.maint_rotate_tables_step1('q')");
        num(c, "select pgq.maint_rotate_tables_step2()");
        return r;
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void rotationWaitsForSlowestConsumerTruncatesAndLosesNothing(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c);
            List<String> all = new ArrayList<>();
            List<String> fast = new ArrayList<>();
            List<String> slow = new ArrayList<>();
            int n = 0;
            int rotations = 0;
            for (int round = 0; round < 12; round++) {
                for (int k = 0; k < 3; k++) {
                    String d = "r" + round + "-" + k;
                    insert(c, "q", d);
                    all.add(d);
                    n++;
                }
                tick(c, "q");
                fast.addAll(drain(c, "q", "fast"));
                boolean slowRuns = round % 3 == 2;   // the slow consumer catches up every third round only
                int before = curTable(c);
                int next = (before + 1) % 3;
                String node = relfilenode(c, next);
                long rowsInNext = num(c, "select count(*) from pgq.event_1_" + next);
                int rotated = rotate(c);
                if (rotated == 1) {
                    rotations++;
                    assertEquals(next, curTable(c));
                    // TRUNCATE gives the table a new file; DELETE would leave the old one with dead rows
                    assertNotEquals(node, relfilenode(c, next), "table " + next + " emptied by TRUNCATE");
                    assertEquals(0, num(c, "select count(*) from pgq.event_1_" + next));
                    assertTrue(rowsInNext == 0 || rotations > 1);
                } else {
                    assertEquals(before, curTable(c));
                    assertEquals(node, relfilenode(c, next), "no rotation, table untouched");
                }
                if (slowRuns) {
                    slow.addAll(drain(c, "q", "slow"));
                }
            }
            tick(c, "q");
            fast.addAll(drain(c, "q", "fast"));
            slow.addAll(drain(c, "q", "slow"));
            assertEquals(all, fast);
            assertEquals(all, slow);
            assertTrue(rotations >= 3, "rotations: " + rotations);
            assertTrue(rotations < 12, "the slow consumer must have held rotation back: " + rotations);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void laggingConsumerBlocksRotationThenReleasesIt(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            setup(c);
            insert(c, "q", "a");
            tick(c, "q");
            drain(c, "q", "fast");
            drain(c, "q", "slow");
            assertEquals(1, rotate(c));
            insert(c, "q", "b");
            tick(c, "q");
            assertEquals(List.of("b"), drain(c, "q", "fast"));
            // slow's last tick is from before the last switch: the oldest table may hold its events
            for (int i = 0; i < 3; i++) {
                assertEquals(0, rotate(c));
                insert(c, "q", "c" + i);
                tick(c, "q");
                drain(c, "q", "fast");
            }
            assertEquals(1, curTable(c));
            assertEquals(List.of("b", "c0", "c1", "c2"), drain(c, "q", "slow"));
            assertEquals(1, rotate(c));
            assertEquals(2, curTable(c));
            // not yet due: a fresh switch time with a real period
            num(c, "select pgq.set_queue_config('q', 'rotation_period', '1 hour')");
            drain(c, "q", "slow");
            assertEquals(0, rotate(c));
            // no consumers at all: rotation is free
            num(c, "select pgq.set_queue_config('q', 'rotation_period', '0')");
            num(c, "select pgq.unregister_consumer('q', 'fast')");
            num(c, "select pgq.unregister_consumer('q', 'slow')");
            assertEquals(1, rotate(c));
            assertEquals(1, rotate(c));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void transactionSpanningRotationKeepsAllItsEvents(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect(); Connection tx = db.connect()) {
            setup(c);
            tick(c, "q");
            drain(c, "q", "fast");
            drain(c, "q", "slow");
            tx.setAutoCommit(false);
            insert(tx, "q", "t-before");             // into table 0
            assertEquals(1, rotate(c));              // the open transaction does not stop this switch
            insert(tx, "q", "t-after");              // into table 1
            insert(c, "q", "other");
            tick(c, "q");
            // the open transaction holds every consumer's xmin: no second rotation can empty table 0
            assertEquals(List.of("other"), drain(c, "q", "fast"));
            assertEquals(List.of("other"), drain(c, "q", "slow"));
            assertEquals(0, rotate(c));
            tx.commit();
            tick(c, "q");
            assertEquals(List.of("t-before", "t-after"), drain(c, "q", "fast"));
            assertEquals(List.of("t-before", "t-after"), drain(c, "q", "slow"));
            assertEquals(1, num(c, "select count(*) from pgq.event_1_0 where ev_data = 't-before'"));
        }
    }
}
