package org.londiste4j.pgq.sql;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.drain;
import static org.londiste4j.pgq.sql.Sql.insert;
import static org.londiste4j.pgq.sql.Sql.num;

/**
 * Producers commit and abort transactions of several events while the ticker, rotation and two consumers (one
 * slow) run: every committed event reaches each consumer exactly once, no aborted one does, and the tables
 * rotate several times along the way.
 */
class ConcurrentLoadIT {

    static List<String> versions() {
        return Sql.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void committedEventsArriveExactlyOnceThroughRotationsUnderLoad(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
        }
        runUnderLoad(db, (c, producer, t, e) -> {
            String d = "p" + producer + "-t" + t + "-e" + e;
            insert(c, "q", d);
            return d;
        });
    }

    /**
     * The same through a generated capture trigger, whose events go through the queue's insert view
     * (pgq._insert_view): rotations move the view while producers write, one of them in REPEATABLE READ, each
     * taking its txid before its first event now and then. A rotation postponed by a writer's open transaction is
     * retried; none may lose or double an event.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void capturedRowsArriveExactlyOnceThroughRotationsUnderLoad(String major) throws Exception {
        TestDb db = Sql.pgqDb(major);
        try (Connection c = db.connect()) {
            num(c, "select pgq.create_queue('q')");
            Sql.exec(c, "create table t (id bigint primary key, v text)");
            assertTrue(Sql.scalar(c, "select pgq.create_capture_trigger('t', 'cap', 'q')").startsWith("pgq._cap_"));
        }
        runUnderLoad(db, (c, producer, t, e) -> {
            if (e == 0 && producer == 0 && t % 2 == 0) {
                Sql.exec(c, "set transaction isolation level repeatable read");
            }
            if (e == 0 && t % 3 == 1) {
                Sql.scalar(c, "select txid_current()::text");
            }
            long id = producer * 10_000_000L + t * 10L + e;
            Sql.exec(c, "insert into t values (" + id + ", 'x')");
            return "id=" + id + "&v=x";
        });
    }

    /** Writes one event of a producer's transaction and returns its ev_data. */
    private interface EventWriter {
        String write(Connection c, int producer, int transaction, int event) throws SQLException;
    }

    private static void runUnderLoad(TestDb db, EventWriter writer) throws Exception {
        ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> new Thread(r, "pgq-producer"));
        try (Connection c = db.connect()) {
            Sql.tickAlways(c, "q");
            num(c, "select pgq.set_queue_config('q', 'rotation_period', '0')");
            num(c, "select pgq.register_consumer('q', 'fast')");
            num(c, "select pgq.register_consumer('q', 'slow')");
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int id = p;
                producers.add(pool.submit(() -> produce(db, id, stop, committed, writer)));
            }
            List<String> fast = new ArrayList<>();
            List<String> slow = new ArrayList<>();
            int rotations = 0;
            // the producers run until told to stop: every round below has writes going on beside it
            for (int round = 1; round <= 40; round++) {
                Sql.tick(c, "q");
                fast.addAll(drain(c, "q", "fast"));
                if (round % 4 == 0) {
                    slow.addAll(drain(c, "q", "slow"));
                }
                rotations += (int) num(c, "select pgq.maint_rotate_tables_step1('q')");
                num(c, "select pgq.maint_rotate_tables_step2()");
            }
            stop.set(true);
            for (Future<?> f : producers) {
                f.get(2, TimeUnit.MINUTES);   // rethrows a producer's failure
            }
            Sql.tick(c, "q");
            fast.addAll(drain(c, "q", "fast"));
            slow.addAll(drain(c, "q", "slow"));

            List<String> expected = new ArrayList<>(committed);
            Collections.sort(expected);
            assertTrue(expected.size() > 100, "events committed: " + expected.size());
            assertEquals(expected, sorted(fast));
            assertEquals(expected, sorted(slow));
            assertTrue(rotations >= 2, "rotations: " + rotations);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void produce(TestDb db, int producer, AtomicBoolean stop, ConcurrentLinkedQueue<String> committed,
                                EventWriter writer) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (int t = 0; !stop.get(); t++) {
                int n = 1 + ThreadLocalRandom.current().nextInt(4);
                List<String> mine = new ArrayList<>();
                for (int e = 0; e < n; e++) {
                    mine.add(writer.write(c, producer, t, e));
                }
                if (t % 7 == 3) {
                    c.rollback();
                } else {
                    c.commit();
                    committed.addAll(mine);
                }
            }
        }
        return null;
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        Collections.sort(out);
        return out;
    }
}
