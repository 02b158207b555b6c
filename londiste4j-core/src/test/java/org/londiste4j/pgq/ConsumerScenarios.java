package org.londiste4j.pgq;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue semantics the consumer API promises, as scenarios run through {@link PgqApi} and
 * {@link BatchConsumer} on a real database: by {@link ConsumerSemanticsIT} on londiste4j's pgq for each
 * PostgreSQL major, and by {@link OriginalPgqConsumerIT} on the original C extension. Every assertion is
 * exact: event ids, counts, order.
 *
 * <p>Ticks are made by hand ({@code force_tick} + {@code ticker}, no pgqd), so each scenario decides exactly
 * which transactions a tick sees.
 */
final class ConsumerScenarios {
    private static final Logger log = LoggerFactory.getLogger(ConsumerScenarios.class);
    static final String Q = "q";

    private final PgqDb db;

    ConsumerScenarios(PgqDb db) {
        this.db = db;
    }

    /** An autocommit connection for queue admin, producers and ticks. */
    Connection admin() throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(true);
        return c;
    }

    /** A consumer's source connection: autocommit off, as the batch protocol needs. */
    Connection source() throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        return c;
    }

    /** A tick now, seeing exactly the transactions committed before this call; its id. */
    static long tick(PgqApi admin, String queue) {
        admin.forceTick(queue);
        return admin.ticker(queue).orElseThrow(() -> new AssertionError("ticker made no tick after force_tick"));
    }

    /** One maintenance round as pgqd runs it: each operation in its own (autocommit) transaction. */
    static void maintenance(Connection admin) throws SQLException {
        for (MaintOperation op : new PgqApi(admin).maintOperations()) {
            if (op.isVacuum()) {
                try (Statement st = admin.createStatement()) {
                    st.execute("vacuum " + op.funcArg());
                }
                continue;
            }
            String sql = "select " + op.funcName() + (op.funcArg() == null ? "()" : "(?)");
            try (PreparedStatement ps = admin.prepareStatement(sql)) {
                if (op.funcArg() != null) {
                    ps.setString(1, op.funcArg());
                }
                ps.execute();
            }
        }
    }

    /** The ids of the consumer's next batch, walked, finished and committed; empty when there is no batch. */
    static Optional<List<Long>> takeBatch(Connection source, BatchConsumer consumer) {
        List<Long> ids = new ArrayList<>();
        boolean had = consumer.work(source, b -> b.events().forEach(e -> ids.add(e.id())));
        return had ? Optional.of(ids) : Optional.empty();
    }

    /** Every remaining batch of the consumer, until next_batch has none: the ids in delivery order. */
    static List<Long> drain(Connection source, BatchConsumer consumer) {
        List<Long> all = new ArrayList<>();
        for (Optional<List<Long>> b = takeBatch(source, consumer); b.isPresent(); b = takeBatch(source, consumer)) {
            all.addAll(b.get());
        }
        return all;
    }

    static BatchConsumer consumer(String name) {
        return new BatchConsumer(ConsumerSettings.of(Q, name));
    }

    /**
     * A transaction that began before a tick and commits after it lands in the later batch; an aborted one never
     * appears; a committed one before the tick is in the earlier batch.
     */
    void txSpanningTickLandsInLaterBatch() throws SQLException {
        try (Connection admin = admin(); Connection txA = source(); Connection txB = source();
             Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            assertEquals(1, api.createQueue(Q));
            BatchConsumer c = consumer("c1");
            assertEquals(1, c.register(src));
            src.commit();

            long e0 = api.insertEvent(Q, "t", "before");
            long eA = new PgqApi(txA).insertEvent(Q, "t", "spans the tick");
            long eB = new PgqApi(txB).insertEvent(Q, "t", "aborted");
            long t1 = tick(api, Q);
            txA.commit();
            txB.rollback();
            long e2 = api.insertEvent(Q, "t", "after");
            long t2 = tick(api, Q);

            Batch b1 = c.nextBatch(src).orElseThrow();
            assertEquals(t1, b1.info().curTickId());
            List<Event> first = b1.stream().collect(Collectors.toList());
            assertEquals(List.of(e0), ids(first));
            assertEquals("before", first.get(0).data());
            assertEquals(1, b1.finish());
            src.commit();

            Batch b2 = c.nextBatch(src).orElseThrow();
            assertEquals(t1, b2.info().prevTickId());
            assertEquals(t2, b2.info().curTickId());
            assertEquals(List.of(eA, e2), ids(b2.stream().collect(Collectors.toList())));
            b2.finish();
            src.commit();

            assertTrue(c.nextBatch(src).isEmpty(), "no tick after " + t2 + ": no batch");
            src.commit();
            assertFalse(List.of(e0, eA, e2).contains(eB));
        }
    }

    /**
     * No event is lost or repeated across several rotations of the event tables while one consumer lags
     * several ticks behind another: rotation waits for the slowest consumer.
     */
    void noLossNorRepeatAcrossRotationsWhileLagging() throws SQLException {
        try (Connection admin = admin(); Connection fastSrc = source(); Connection slowSrc = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            api.setQueueConfig(Q, "rotation_period", "0 seconds");
            BatchConsumer fast = consumer("fast");
            BatchConsumer slow = consumer("slow");
            fast.register(fastSrc);
            fastSrc.commit();
            slow.register(slowSrc);
            slowSrc.commit();

            List<Long> produced = new ArrayList<>();
            List<Long> gotFast = new ArrayList<>();
            List<Long> gotSlow = new ArrayList<>();
            Set<Integer> tablesUsed = new HashSet<>();
            int rotations = 0;
            int curTable = api.getQueueInfo(Q).orElseThrow().curTable();
            for (int round = 1; round <= 16; round++) {
                for (int i = 0; i < 7; i++) {
                    produced.add(api.insertEvent(Q, "t", "r" + round + "e" + i, "public.t", null, null, null));
                }
                tick(api, Q);
                gotFast.addAll(takeBatch(fastSrc, fast).orElseThrow());
                if (round % 5 == 0) {
                    // the slow one catches up only now and then
                    gotSlow.addAll(drain(slowSrc, slow));
                }
                maintenance(admin);
                int now = api.getQueueInfo(Q).orElseThrow().curTable();
                if (now != curTable) {
                    rotations++;
                    curTable = now;
                }
                tablesUsed.add(now);
            }
            tick(api, Q);
            gotFast.addAll(drain(fastSrc, fast));
            gotSlow.addAll(drain(slowSrc, slow));

            assertEquals(16 * 7, produced.size());
            assertEquals(produced, gotFast, "fast consumer: every event once, in order");
            assertEquals(produced, gotSlow, "slow consumer: every event once, in order");
            // rotation_period is 0, so only the slow consumer holding the tables it still needs keeps rotation
            // from happening in many rounds: the original rotates 3 times here
            assertTrue(rotations >= 3 && rotations <= 8, "event tables rotated " + rotations + " times in 16 rounds;"
                    + " expected 3 to 8 (at least three, but held back by the slow consumer)");
            assertEquals(3, tablesUsed.size(), "all three event tables were used: " + tablesUsed);
        }
    }

    /**
     * A retried event comes back later (after {@code maint_retry_events} and a tick) to that consumer only,
     * with {@code ev_retry} incremented each time; the other consumer sees every event once (fan-out).
     */
    void retryComesBackOnlyToThatConsumer() throws SQLException {
        try (Connection admin = admin(); Connection srcA = source(); Connection srcB = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer a = consumer("a");
            BatchConsumer b = consumer("b");
            a.register(srcA);
            srcA.commit();
            b.register(srcB);
            srcB.commit();
            long e1 = api.insertEvent(Q, "t", "one");
            long e2 = api.insertEvent(Q, "t", "two", "x1", "x2", "x3", "x4");
            long e3 = api.insertEvent(Q, "t", "three");
            tick(api, Q);

            List<Event> seenA = new ArrayList<>();
            assertTrue(a.work(srcA, batch -> batch.events().forEach(ev -> {
                seenA.add(ev);
                if (ev.id() == e2) {
                    batch.retry(ev, Duration.ZERO);
                }
                if (ev.id() == e3) {
                    batch.retry(ev, Duration.ZERO);
                    batch.done(ev); // taken back: e3 counts as processed
                }
            })));
            assertEquals(List.of(e1, e2, e3), ids(seenA));
            assertEquals(0, seenA.get(1).retry());
            assertEquals(List.of(e1, e2, e3), takeBatch(srcB, b).orElseThrow());

            assertEquals(1, api.maintRetryEvents());
            tick(api, Q);
            List<Event> again = new ArrayList<>();
            assertTrue(a.work(srcA, batch -> batch.events().forEach(ev -> {
                again.add(ev);
                batch.retry(ev, Duration.ZERO);
            })));
            assertEquals(List.of(e2), ids(again));
            Event back = again.get(0);
            assertEquals(1, back.retry());
            assertEquals("two", back.data());
            assertEquals(List.of("x1", "x2", "x3", "x4"),
                    List.of(back.extra1(), back.extra2(), back.extra3(), back.extra4()));
            assertEquals(List.of(), takeBatch(srcB, b).orElseThrow(), "b never sees a's retry");

            assertEquals(1, api.maintRetryEvents());
            tick(api, Q);
            List<Event> third = new ArrayList<>();
            assertTrue(a.work(srcA, batch -> batch.events().forEach(ev -> {
                third.add(ev);
                batch.retry(ev, Duration.ofHours(1));
            })));
            assertEquals(List.of(e2), ids(third));
            assertEquals(2, third.get(0).retry());

            // due in an hour: not moved yet, so not delivered
            assertEquals(0, api.maintRetryEvents());
            tick(api, Q);
            assertEquals(List.of(), takeBatch(srcA, a).orElseThrow());
            assertEquals(List.of(), takeBatch(srcB, b).orElseThrow());
        }
    }

    /** Two consumers registered at the same tick each get every event, once, in the same batches. */
    void twoConsumersEachSeeEveryEvent() throws SQLException {
        try (Connection admin = admin(); Connection srcA = source(); Connection srcB = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer a = consumer("a");
            BatchConsumer b = consumer("b");
            a.register(srcA);
            srcA.commit();
            b.register(srcB);
            srcB.commit();
            List<List<Long>> perTick = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    ids.add(api.insertEvent(Q, "t", t + ":" + i));
                }
                tick(api, Q);
                perTick.add(ids);
            }
            for (int t = 0; t < 3; t++) {
                assertEquals(perTick.get(t), takeBatch(srcA, a).orElseThrow(), "a, batch " + t);
                assertEquals(perTick.get(t), takeBatch(srcB, b).orElseThrow(), "b, batch " + t);
            }
            assertTrue(takeBatch(srcA, a).isEmpty());
            assertTrue(takeBatch(srcB, b).isEmpty());
        }
    }

    /**
     * A batch of {@code n} events is walked through the cursor in chunks of {@code pgq_lazy_fetch}: exactly
     * {@code n / 300 + 1} round trips (the last chunk is short, or empty), never more than 300 events held,
     * and the cursor is open on the server during the walk and closed after it.
     */
    void lazyFetchWalksBigBatchInChunks(int n) throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            api.setQueueConfig(Q, "ticker_max_count", "1000000000");
            BatchConsumer c = consumer("big");
            c.register(src);
            src.commit();
            long first;
            try (Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("select min(pgq.insert_event('" + Q + "', 'bulk', i::text))"
                         + " from generate_series(1, " + n + ") i")) {
                rs.next();
                first = rs.getLong(1);
            }
            tick(api, Q);

            Batch batch = c.nextBatch(src).orElseThrow();
            long started = System.nanoTime();
            long count = 0;
            long expectId = first;
            long sumData = 0;
            boolean cursorSeen = false;
            for (Event ev : batch.events()) {
                assertEquals(expectId, ev.id(), "ids in order, none missing or repeated");
                expectId++;
                sumData += Long.parseLong(ev.data());
                if (count++ == 1000) {
                    cursorSeen = openCursors(src) == 1;
                }
            }
            long walkMs = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            log.info("{}: walked {} events in {} round trips, {} ms ({} events/s)", db.describe(), count,
                    batch.roundTrips(), walkMs, count * 1000 / walkMs);
            assertEquals(n, count);
            assertEquals((long) n * (n + 1) / 2, sumData);
            assertEquals(n, batch.eventCount());
            assertEquals(n / 300 + 1, batch.roundTrips());
            assertEquals(300, batch.largestChunk());
            assertTrue(cursorSeen, "batch_walker cursor open during the walk");
            assertEquals(0, openCursors(src), "cursor closed after the walk");
            assertEquals(1, batch.finish());
            src.commit();
        }
    }

    /** {@code table_filter} passes the condition to the cursor; {@code pgq_lazy_fetch = 0} reads in one go. */
    void filterAndEagerFetch() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer c = new BatchConsumer(ConsumerSettings.of(Q, "f").withLazyFetch(0)
                    .withTableFilter(List.of("a", "other.b")));
            c.register(src);
            src.commit();
            List<Long> want = new ArrayList<>();
            for (int i = 0; i < 700; i++) {
                String table = i % 3 == 0 ? "public.a" : i % 3 == 1 ? "other.b" : "public.b";
                long id = api.insertEvent(Q, "I:id", "id=" + i, table, null, null, null);
                if (i % 3 != 2) {
                    want.add(id);
                }
            }
            tick(api, Q);
            Batch batch = c.nextBatch(src).orElseThrow();
            assertEquals(want, ids(batch.stream().collect(Collectors.toList())));
            assertEquals(1, batch.roundTrips());
            assertEquals(want.size(), batch.largestChunk());
            batch.finish();
            src.commit();
        }
    }

    /**
     * {@code next_batch_custom}: {@code pgq_batch_collect_events} joins ticks until enough events are there,
     * {@code pgq_keep_lag} stays behind young ticks. Ticks here are natural ({@code ticker_max_count} 1), since
     * {@code force_tick} jumps the event sequence that the event count is measured on.
     */
    void customBatchConditions() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            api.setQueueConfig(Q, "ticker_max_count", "1");
            BatchConsumer collect = new BatchConsumer(ConsumerSettings.of(Q, "collect")
                    .withBatchConditions(null, 5, null));
            BatchConsumer lagging = new BatchConsumer(ConsumerSettings.of(Q, "lagging")
                    .withBatchConditions(Duration.ofHours(1), null, null));
            collect.register(src);
            lagging.register(src);
            src.commit();
            long t0 = api.getQueueInfo(Q).orElseThrow().lastTickId();
            List<Long> want = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                want.add(api.insertEvent(Q, "t", "a" + i));
            }
            long t1 = api.ticker(Q).orElseThrow();
            for (int i = 0; i < 3; i++) {
                want.add(api.insertEvent(Q, "t", "b" + i));
            }
            long t2 = api.ticker(Q).orElseThrow();
            assertTrue(t0 < t1 && t1 < t2);

            Batch batch = collect.nextBatch(src).orElseThrow();
            assertEquals(t0, batch.info().prevTickId(), "3 events at the first tick are not enough: joined");
            assertEquals(t2, batch.info().curTickId());
            assertEquals(want, ids(batch.stream().collect(Collectors.toList())));
            batch.finish();
            src.commit();

            assertTrue(lagging.nextBatch(src).isEmpty(), "every tick is younger than an hour");
            src.rollback();
        }
    }

    /**
     * A walk stopped early: finish closes the cursor, the consumer moves on, the next batch (same cursor name, same
     * connection) starts clean. A batch is walked once and finished once.
     */
    void partialWalkThenFinish() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer c = new BatchConsumer(ConsumerSettings.of(Q, "p").withLazyFetch(50));
            c.register(src);
            src.commit();
            for (int i = 0; i < 120; i++) {
                api.insertEvent(Q, "t", String.valueOf(i));
            }
            tick(api, Q);
            long second = api.insertEvent(Q, "t", "next");
            tick(api, Q);

            Batch b1 = c.nextBatch(src).orElseThrow();
            int n = 0;
            for (Event ev : b1.events()) {
                if (++n == 10) {
                    break;
                }
            }
            assertEquals(10, b1.eventCount());
            assertEquals(1, b1.roundTrips());
            assertEquals(1, openCursors(src));
            assertThrows(IllegalStateException.class, b1::events, "walked once");
            assertEquals(1, b1.finish());
            assertEquals(0, openCursors(src));
            assertThrows(IllegalStateException.class, b1::finish, "finished once");

            Batch b2 = c.nextBatch(src).orElseThrow();
            assertEquals(b1.info().curTickId(), b2.info().prevTickId());
            assertEquals(List.of(second), ids(b2.stream().collect(Collectors.toList())));
            b2.finish();
            src.commit();
        }
    }

    /**
     * At-least-once: a batch whose processing fails is rolled back and comes again, same id, same events; once
     * finished and committed it never comes again.
     */
    void failedBatchComesAgain() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer c = consumer("c");
            c.register(src);
            src.commit();
            List<Long> want = List.of(api.insertEvent(Q, "t", "1"), api.insertEvent(Q, "t", "2"));
            tick(api, Q);

            List<Long> firstTry = new ArrayList<>();
            long[] batchIds = new long[2];
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> c.work(src, b -> {
                batchIds[0] = b.id();
                b.events().forEach(e -> firstTry.add(e.id()));
                throw new IllegalStateException("apply failed");
            }));
            assertEquals("apply failed", boom.getMessage());
            assertEquals(want, firstTry);
            ConsumerInfo info = api.getConsumerInfo(Q, "c").orElseThrow();
            assertEquals(batchIds[0], info.currentBatch(), "the batch stays allocated after the failure");

            List<Long> secondTry = new ArrayList<>();
            assertTrue(c.work(src, b -> {
                batchIds[1] = b.id();
                b.events().forEach(e -> secondTry.add(e.id()));
            }));
            assertEquals(batchIds[0], batchIds[1]);
            assertEquals(want, secondTry);
            assertNull(api.getConsumerInfo(Q, "c").orElseThrow().currentBatch());
            assertTrue(takeBatch(src, c).isEmpty());
        }
    }

    /**
     * A consumer whose connection dies after it walked (and, say, applied) a batch but before finish_batch
     * committed gets the same batch again on a new connection: at-least-once, and the failure is transient.
     */
    void crashBeforeFinishGivesBatchAgain() throws SQLException {
        try (Connection admin = admin()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer c = consumer("c");
            List<Long> want;
            long batchId;
            try (Connection src = source()) {
                c.register(src);
                src.commit();
                want = List.of(api.insertEvent(Q, "t", "1"), api.insertEvent(Q, "t", "2"));
                tick(api, Q);
                List<Long> seen = new ArrayList<>();
                long[] id = new long[1];
                int pid = backendPid(src);
                PgqException crash = assertThrows(PgqException.class, () -> c.work(src, b -> {
                    id[0] = b.id();
                    b.events().forEach(e -> seen.add(e.id()));
                    killBackend(admin, pid); // dies between apply and finish
                }));
                assertTrue(crash.isTransient(), "SQLSTATE " + crash.sqlState() + " is transient: " + crash);
                assertEquals(want, seen);
                batchId = id[0];
            }
            try (Connection src = source()) {
                List<Long> again = new ArrayList<>();
                long[] id = new long[1];
                assertTrue(c.work(src, b -> {
                    id[0] = b.id();
                    b.events().forEach(e -> again.add(e.id()));
                }));
                assertEquals(batchId, id[0], "the same batch");
                assertEquals(want, again);
                assertTrue(takeBatch(src, c).isEmpty());
            }
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            c.commit();
            return pid;
        }
    }

    private static void killBackend(Connection admin, int pid) {
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("select pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "backend " + pid + " terminated");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Events of the capture triggers ({@code logutriga} urlencoded, {@code jsontriga} JSON) of awkward rows decode
     * to exactly the row's text values, with the op and the composite primary key from {@code ev_type}.
     */
    void triggerEventsDecodeToTheRow() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            BatchConsumer c = consumer("c");
            c.register(src);
            src.commit();
            String v1 = "'x+y%z ü€ \"q\" ''s'' a=b&c'";
            String v2 = "E'tab\\there\\nnl\\\\'";
            String rest = "'\\x00ff27'::bytea, '{1,NULL,3}'::int[], '{\"k\": [1, \"v&w\"]}'::json";
            try (Statement st = admin.createStatement()) {
                st.execute("create table t (id int, \"Mixed Col\" text, v text, n text, e text, b bytea, a int[],"
                        + " j json, primary key (id, \"Mixed Col\"))");
                st.execute("create trigger a_log after insert or update or delete on t for each row"
                        + " execute procedure pgq.logutriga('" + Q + "')");
                st.execute("create trigger b_json after insert or update or delete on t for each row"
                        + " execute procedure pgq.jsontriga('" + Q + "')");
                st.execute("insert into t values (1, 'a b&c=d', " + v1 + ", null, '', " + rest + ")");
                st.execute("update t set v = " + v2 + ", n = 'not null' where id = 1");
                st.execute("delete from t");
            }
            tick(api, Q);
            // the row's text values before and after the update, as the server prints them
            List<Map<String, String>> rows = new ArrayList<>();
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
                    "select 1 as id, 'a b&c=d' as \"Mixed Col\", v, n, e, b::text as b, a::text as a, j::text as j"
                            + " from (values (1, " + v1 + ", null, '', " + rest + "),"
                            + " (2, " + v2 + ", 'not null', '', " + rest + ")) x(o, v, n, e, b, a, j) order by o")) {
                while (rs.next()) {
                    Map<String, String> r = new LinkedHashMap<>();
                    for (int i = 1; i <= 8; i++) {
                        r.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(r);
                }
            }
            List<Map<String, String>> expectRows = List.of(rows.get(0), rows.get(1), rows.get(1));
            List<RowEventType.Op> expectOps = List.of(RowEventType.Op.INSERT, RowEventType.Op.UPDATE,
                    RowEventType.Op.DELETE);

            Batch batch = c.nextBatch(src).orElseThrow();
            List<Event> events = batch.stream().collect(Collectors.toList());
            batch.finish();
            src.commit();
            assertEquals(6, events.size(), "two triggers, three row changes");
            for (int i = 0; i < 3; i++) {
                Event log = events.get(2 * i);
                Event json = events.get(2 * i + 1);
                RowEventType lt = log.rowType().orElseThrow();
                assertEquals(expectOps.get(i), lt.op());
                assertEquals(List.of("id", "Mixed Col"), lt.pkey());
                assertEquals("public.t", log.extra1());
                assertEquals(expectRows.get(i), log.urlencodedRow(), "logutriga row " + i + ": " + log.data());
                RowEventType jt = json.rowType().orElseThrow();
                assertEquals(expectOps.get(i), jt.op());
                assertEquals(List.of("id", "Mixed Col"), jt.pkey());
                assertEquals("public.t", jt.table());
                assertEquals(expectRows.get(i), json.jsonRow(), "jsontriga row " + i + ": " + json.data());
            }
        }
    }

    /**
     * The rest of the API, each call with an exact result: plain {@code next_batch} and {@code get_batch_events},
     * {@code batch_retry}, {@code event_retry} at a time, {@code register_consumer_at} an older tick,
     * {@code unregister_consumer}, {@code ticker()} of all queues, {@code drop_queue}.
     */
    void restOfTheApi() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            assertEquals(1, api.registerConsumer(Q, "plain"));
            assertEquals(0, api.registerConsumer(Q, "plain"));
            long t0 = api.getQueueInfo(Q).orElseThrow().lastTickId();
            List<Long> first = List.of(api.insertEvent(Q, "t", "1"), api.insertEvent(Q, "t", "2"));
            long t1 = tick(api, Q);
            List<Long> second = List.of(api.insertEvent(Q, "t", "3"));
            tick(api, Q);

            PgqApi s = new PgqApi(src);
            long b1 = s.nextBatch(Q, "plain").orElseThrow();
            assertEquals(b1, s.nextBatch(Q, "plain").orElseThrow(), "an active batch is handed out again");
            assertEquals(first, ids(s.getBatchEvents(b1)));
            assertEquals(2, s.batchRetry(b1, Duration.ZERO));
            assertEquals(1, s.finishBatch(b1));
            src.commit();
            long b2 = s.nextBatch(Q, "plain").orElseThrow();
            List<Event> evs = s.getBatchEvents(b2);
            assertEquals(second, ids(evs));
            assertEquals(1, s.eventRetryAt(b2, evs.get(0).id(), OffsetDateTime.now().minusMinutes(1)));
            assertEquals(1, s.finishBatch(b2));
            src.commit();
            assertEquals(3, api.maintRetryEvents());
            tick(api, Q);
            long b3 = s.nextBatch(Q, "plain").orElseThrow();
            List<Event> back = s.getBatchEvents(b3);
            assertEquals(List.of(first.get(0), first.get(1), second.get(0)),
                    back.stream().map(Event::id).sorted().collect(Collectors.toList()));
            assertTrue(back.stream().allMatch(e -> e.retry() == 1));
            s.finishBatch(b3);
            src.commit();
            assertTrue(s.nextBatch(Q, "plain").isEmpty());
            src.commit();

            // a late consumer placed at the first tick reads from there
            assertEquals(1, api.registerConsumerAt(Q, "late", t0));
            BatchConsumer late = consumer("late");
            Batch lb = late.nextBatch(src).orElseThrow();
            assertEquals(t0, lb.info().prevTickId());
            assertEquals(t1, lb.info().curTickId());
            assertEquals(first, ids(lb.stream().collect(Collectors.toList())));
            lb.finish();
            src.commit();

            api.createQueue("other");
            api.forceTick(Q);
            api.forceTick("other");
            assertEquals(2, api.ticker(), "ticker() ticks every queue that needs it");
            assertEquals(1, api.unregisterConsumer(Q, "late"));
            assertTrue(api.getConsumerInfo(Q, "late").isEmpty());
            PgqException gone = assertThrows(PgqException.class, () -> late.nextBatch(src));
            src.rollback();
            assertEquals(Optional.of("late"), gone.consumer());
            assertThrows(PgqException.class, () -> api.dropQueue(Q, false), "consumers still registered");
            assertEquals(1, api.dropQueue(Q, true));
            assertTrue(api.getQueueInfo(Q).isEmpty());
            assertEquals(List.of("other"),
                    api.getQueueInfo().stream().map(QueueInfo::queueName).collect(Collectors.toList()));
        }
    }

    /** Info functions report what the scenario did; errors carry the queue, consumer and SQLSTATE. */
    void infoAndErrors() throws SQLException {
        try (Connection admin = admin(); Connection src = source()) {
            PgqApi api = new PgqApi(admin);
            api.createQueue(Q);
            assertEquals(0, api.createQueue(Q));
            BatchConsumer c = consumer("c");
            c.register(src);
            src.commit();
            api.insertEvent(Q, "t", "x");
            long t = tick(api, Q);

            QueueInfo qi = api.getQueueInfo(Q).orElseThrow();
            assertEquals(Q, qi.queueName());
            assertEquals(3, qi.ntables());
            assertEquals(t, qi.lastTickId());
            assertEquals(0, qi.evNew());
            assertFalse(qi.tickerPaused());
            assertTrue(api.getQueueInfo("nope").isEmpty());
            assertEquals(List.of(Q), api.getQueueInfo().stream().map(QueueInfo::queueName).collect(Collectors.toList()));

            Batch batch = c.nextBatch(src).orElseThrow();
            src.commit();
            ConsumerInfo ci = api.getConsumerInfo(Q, "c").orElseThrow();
            assertEquals("c", ci.consumerName());
            assertEquals(batch.id(), ci.currentBatch());
            assertEquals(t, ci.nextTick());
            assertEquals(batch.info().prevTickId(), ci.lastTick());
            assertEquals(1, api.getConsumerInfo(Q).size());
            assertEquals(1, api.getConsumerInfo().size());
            assertTrue(api.getConsumerInfo(Q, "nobody").isEmpty());
            batch.events().forEach(e -> { });
            batch.finish();
            src.commit();
            assertEquals(t, api.getConsumerInfo(Q, "c").orElseThrow().lastTick());

            PgqException e = assertThrows(PgqException.class, () -> consumer("stranger").nextBatch(src));
            src.rollback();
            assertEquals("pgq.next_batch_info", e.function());
            assertEquals(Optional.of(Q), e.queue());
            assertEquals(Optional.of("stranger"), e.consumer());
            assertTrue(e.getMessage().startsWith("queue \"q\", consumer \"stranger\": pgq.next_batch_info failed: "),
                    e.getMessage());
            assertFalse(e.isTransient());

            admin.setAutoCommit(true);
            IllegalStateException auto = assertThrows(IllegalStateException.class, () -> c.work(admin, b -> { }));
            assertTrue(auto.getMessage().contains("autocommit"), auto.getMessage());
        }
    }

    static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toList());
    }

    private static int openCursors(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_cursors where name = '" + Batch.CURSOR + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
