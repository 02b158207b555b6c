package org.londiste4j.pgq;

import org.londiste4j.pgq.PgqException.Call;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed calls into the PgQ SQL API ({@code pgq.*}, the functions of PgQ 3 with their original signatures) over
 * one JDBC connection: the Java side of what python-pgq's consumer executes. Works the same on londiste4j's SQL
 * install and on the original {@code pgq} extension.
 *
 * <p>Each method runs in the connection's current transaction and never commits: the caller owns the
 * transaction (see {@link BatchConsumer} for the order the batch protocol needs). A failed call leaves the
 * transaction aborted; the caller rolls back. Every {@link SQLException} is wrapped here, once, into a
 * {@link PgqException} that names the function, queue, consumer and batch.
 *
 * <p>Not thread-safe, like the connection it wraps.
 */
public final class PgqApi {
    /** The columns of an event row, as {@code pgq.get_batch_events} and the batch cursor return them. */
    static final String EVENT_COLUMNS =
            "ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4";

    private final PgqSql sql;

    public PgqApi(Connection conn) {
        this.sql = new PgqSql(conn);
    }

    public Connection connection() {
        return sql.connection();
    }

    private static final String CREATE_QUEUE = "select pgq.create_queue(?)";

    /** {@code pgq.create_queue(1)}: 1 when created, 0 when it already existed. */
    public int createQueue(String queue) {
        Call call = new Call("pgq.create_queue", queue, null, null);
        return sql.intResult(call, CREATE_QUEUE, queue);
    }

    private static final String DROP_QUEUE = "select pgq.drop_queue(?, ?)";

    /**
     * {@code pgq.drop_queue(2)}: drops the queue and its event tables. Without {@code force} it refuses while
     * consumers are registered.
     */
    public int dropQueue(String queue, boolean force) {
        Call call = new Call("pgq.drop_queue", queue, null, null);
        return sql.intResult(call, DROP_QUEUE, queue, force);
    }

    private static final String SET_QUEUE_CONFIG = "select pgq.set_queue_config(?, ?, ?)";

    /**
     * {@code pgq.set_queue_config(3)}: one queue setting by its short or column name ({@code ticker_max_lag},
     * {@code rotation_period}, {@code ticker_paused}, ...), the value as PostgreSQL reads it ({@code '3 seconds'}).
     */
    public int setQueueConfig(String queue, String param, String value) {
        Call call = new Call("pgq.set_queue_config", queue, null, null);
        return sql.intResult(call, SET_QUEUE_CONFIG, queue, param, value);
    }

    private static final String INSERT_EVENT = "select pgq.insert_event(?, ?, ?, ?, ?, ?, ?)";

    /** {@code pgq.insert_event(7)}: the new event's id. Visible to consumers once the transaction commits. */
    public long insertEvent(String queue, String type, String data, String extra1, String extra2, String extra3,
                            String extra4) {
        Call call = new Call("pgq.insert_event", queue, null, null);
        return sql.longResult(call, INSERT_EVENT, queue, type, data, extra1, extra2, extra3, extra4).orElseThrow();
    }

    /** {@code pgq.insert_event(3)}, without the extra fields. */
    public long insertEvent(String queue, String type, String data) {
        return insertEvent(queue, type, data, null, null, null, null);
    }

    private static final String REGISTER_CONSUMER = "select pgq.register_consumer(?, ?)";

    /** {@code pgq.register_consumer(2)}: 1 when registered now, 0 when it already was. Starts at the last tick. */
    public int registerConsumer(String queue, String consumer) {
        Call call = new Call("pgq.register_consumer", queue, consumer, null);
        return sql.intResult(call, REGISTER_CONSUMER, queue, consumer);
    }

    private static final String REGISTER_CONSUMER_AT = "select pgq.register_consumer_at(?, ?, ?)";

    /** {@code pgq.register_consumer_at(3)}: registers, or moves a registered consumer, to tick {@code tickId}. */
    public int registerConsumerAt(String queue, String consumer, long tickId) {
        Call call = new Call("pgq.register_consumer_at", queue, consumer, null);
        return sql.intResult(call, REGISTER_CONSUMER_AT, queue, consumer, tickId);
    }

    private static final String UNREGISTER_CONSUMER = "select pgq.unregister_consumer(?, ?)";

    /** {@code pgq.unregister_consumer(2)}: the number of subscriptions removed (its retry events go too). */
    public int unregisterConsumer(String queue, String consumer) {
        Call call = new Call("pgq.unregister_consumer", queue, consumer, null);
        return sql.intResult(call, UNREGISTER_CONSUMER, queue, consumer);
    }

    private static final String NEXT_BATCH = "select pgq.next_batch(?, ?)";

    /** {@code pgq.next_batch(2)}: the id of the consumer's next batch, or empty when no tick is there yet. */
    public OptionalLong nextBatch(String queue, String consumer) {
        Call call = new Call("pgq.next_batch", queue, consumer, null);
        return sql.longResult(call, NEXT_BATCH, queue, consumer);
    }

    private static final String NEXT_BATCH_INFO = "select batch_id, cur_tick_id, prev_tick_id, cur_tick_time,"
            + " prev_tick_time, cur_tick_event_seq, prev_tick_event_seq from pgq.next_batch_info(?, ?)";

    /** {@code pgq.next_batch_info(2)}: the next batch with its ticks, or empty when there is none yet. */
    public Optional<BatchInfo> nextBatchInfo(String queue, String consumer) {
        Call call = new Call("pgq.next_batch_info", queue, consumer, null);
        return sql.row(call, NEXT_BATCH_INFO, PgqApi::batchInfo, queue, consumer);
    }

    private static final String NEXT_BATCH_CUSTOM = "select batch_id, cur_tick_id, prev_tick_id, cur_tick_time,"
            + " prev_tick_time, cur_tick_event_seq, prev_tick_event_seq"
            + " from pgq.next_batch_custom(?, ?, ?::interval, ?::int4, ?::interval)";

    /**
     * {@code pgq.next_batch_custom(5)}: like {@link #nextBatchInfo}, but stays {@code minLag} behind the queue
     * head and waits for {@code minCount} events or {@code minInterval} of time before it hands out a batch.
     * Each of the three may be null (no condition).
     */
    public Optional<BatchInfo> nextBatchCustom(String queue, String consumer, Duration minLag, Integer minCount,
                                               Duration minInterval) {
        Call call = new Call("pgq.next_batch_custom", queue, consumer, null);
        return sql.row(call, NEXT_BATCH_CUSTOM, PgqApi::batchInfo, queue, consumer,
                PgqSql.interval(minLag), minCount, PgqSql.interval(minInterval));
    }

    private static final String FINISH_BATCH = "select pgq.finish_batch(?)";

    /**
     * {@code pgq.finish_batch(1)}: closes the batch and moves the consumer to its end tick. 1 when done, 0 when
     * the batch was not active (already finished). Takes effect when the transaction commits.
     */
    public int finishBatch(long batchId) {
        Call call = new Call("pgq.finish_batch", null, null, batchId);
        return sql.intResult(call, FINISH_BATCH, batchId);
    }

    private static final String GET_BATCH_EVENTS = "select " + EVENT_COLUMNS + " from pgq.get_batch_events(?)";

    /** {@code pgq.get_batch_events(1)}: every event of the batch at once; for big batches use {@link Batch}. */
    public List<Event> getBatchEvents(long batchId) {
        Call call = new Call("pgq.get_batch_events", null, null, batchId);
        return sql.rows(call, GET_BATCH_EVENTS, PgqSql::event, batchId);
    }

    private static final String GET_BATCH_CURSOR =
            "select " + EVENT_COLUMNS + " from pgq.get_batch_cursor(?, ?, ?, ?)";

    /**
     * {@code pgq.get_batch_cursor(4)}: opens cursor {@code cursorName} over the batch's events (those matching
     * {@code extraWhere}, an SQL condition on the event columns, when not null) and returns its first
     * {@code quickLimit} rows. The cursor lives until the end of the transaction.
     */
    List<Event> openBatchCursor(long batchId, String cursorName, int quickLimit, String extraWhere) {
        Call call = new Call("pgq.get_batch_cursor", null, null, batchId);
        return sql.rows(call, GET_BATCH_CURSOR, PgqSql::event, batchId, cursorName, quickLimit, extraWhere);
    }

    /** The next {@code count} rows of a cursor {@link #openBatchCursor} opened. */
    List<Event> fetchCursor(long batchId, String cursorName, int count) {
        Call call = new Call("fetch from batch cursor", null, null, batchId);
        // FETCH takes neither a bound count nor a bound name: both are ours (an int and a checked identifier)
        return sql.rows(call, "fetch " + count + " from " + checkedCursorName(cursorName), PgqSql::event);
    }

    /** Closes a batch cursor before the end of its transaction. */
    void closeCursor(long batchId, String cursorName) {
        Call call = new Call("close batch cursor", null, null, batchId);
        sql.execute(call, "close " + checkedCursorName(cursorName));
    }

    static String checkedCursorName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("cursor name " + name + ": must be a lower-case SQL identifier");
        }
        return name;
    }

    private static final String EVENT_RETRY = "select pgq.event_retry(?, ?, ?::int4)";

    /**
     * {@code pgq.event_retry(3b)}: puts one event of the active batch into the retry queue, due after
     * {@code after} (whole seconds, rounded up). It comes back, to this consumer only, with {@code ev_retry}
     * incremented, once {@code pgq.maint_retry_events()} has moved it and a tick has passed. 1 when queued, 0 when
     * it already was.
     */
    public int eventRetry(long batchId, long eventId, Duration after) {
        Call call = new Call("pgq.event_retry", null, null, batchId);
        return sql.intResult(call, EVENT_RETRY, batchId, eventId, PgqSql.seconds(after));
    }

    private static final String EVENT_RETRY_AT = "select pgq.event_retry(?, ?, ?::timestamptz)";

    /** {@code pgq.event_retry(3a)}: as {@link #eventRetry(long, long, Duration)}, due at a given time. */
    public int eventRetryAt(long batchId, long eventId, OffsetDateTime at) {
        Call call = new Call("pgq.event_retry", null, null, batchId);
        return sql.intResult(call, EVENT_RETRY_AT, batchId, eventId, at);
    }

    private static final String BATCH_RETRY = "select pgq.batch_retry(?, ?)";

    /** {@code pgq.batch_retry(2)}: puts every event of the batch into the retry queue; the number of events. */
    public int batchRetry(long batchId, Duration after) {
        Call call = new Call("pgq.batch_retry", null, null, batchId);
        return sql.intResult(call, BATCH_RETRY, batchId, PgqSql.seconds(after));
    }

    private static final String QUEUE_INFO_COLUMNS = "queue_name, queue_ntables, queue_cur_table,"
            + " extract(epoch from queue_rotation_period)::float8 as rotation_period, queue_switch_time,"
            + " queue_external_ticker, queue_ticker_paused, queue_ticker_max_count,"
            + " extract(epoch from queue_ticker_max_lag)::float8 as ticker_max_lag,"
            + " extract(epoch from queue_ticker_idle_period)::float8 as ticker_idle_period,"
            + " extract(epoch from ticker_lag)::float8 as ticker_lag, ev_per_sec, ev_new, last_tick_id";

    private static final String GET_QUEUE_INFO_ALL = "select " + QUEUE_INFO_COLUMNS + " from pgq.get_queue_info()";

    /** {@code pgq.get_queue_info(0)}: every queue of the database. */
    public List<QueueInfo> getQueueInfo() {
        Call call = new Call("pgq.get_queue_info", null, null, null);
        return sql.rows(call, GET_QUEUE_INFO_ALL, PgqApi::queueInfo);
    }

    private static final String GET_QUEUE_INFO_ONE = "select " + QUEUE_INFO_COLUMNS + " from pgq.get_queue_info(?)";

    /** {@code pgq.get_queue_info(1)}: one queue, empty when it does not exist. */
    public Optional<QueueInfo> getQueueInfo(String queue) {
        Call call = new Call("pgq.get_queue_info", queue, null, null);
        return sql.row(call, GET_QUEUE_INFO_ONE, PgqApi::queueInfo, queue);
    }

    private static QueueInfo queueInfo(ResultSet rs) throws SQLException {
        return new QueueInfo(rs.getString("queue_name"), rs.getInt("queue_ntables"), rs.getInt("queue_cur_table"),
                PgqSql.duration(rs, "rotation_period"), rs.getObject("queue_switch_time", OffsetDateTime.class),
                rs.getBoolean("queue_external_ticker"), rs.getBoolean("queue_ticker_paused"),
                rs.getInt("queue_ticker_max_count"), PgqSql.duration(rs, "ticker_max_lag"),
                PgqSql.duration(rs, "ticker_idle_period"), PgqSql.duration(rs, "ticker_lag"),
                PgqSql.nullableDouble(rs, "ev_per_sec"),
                rs.getLong("ev_new"), rs.getLong("last_tick_id"));
    }

    private static final String CONSUMER_INFO_COLUMNS = "queue_name, consumer_name,"
            + " extract(epoch from lag)::float8 as lag, extract(epoch from last_seen)::float8 as last_seen,"
            + " last_tick, current_batch, next_tick, pending_events";

    private static final String GET_CONSUMER_INFO_ALL =
            "select " + CONSUMER_INFO_COLUMNS + " from pgq.get_consumer_info()";

    /** {@code pgq.get_consumer_info(0)}: every consumer of every queue. */
    public List<ConsumerInfo> getConsumerInfo() {
        Call call = new Call("pgq.get_consumer_info", null, null, null);
        return sql.rows(call, GET_CONSUMER_INFO_ALL, PgqApi::consumerInfo);
    }

    private static final String GET_CONSUMER_INFO_QUEUE =
            "select " + CONSUMER_INFO_COLUMNS + " from pgq.get_consumer_info(?)";

    /** {@code pgq.get_consumer_info(1)}: every consumer of one queue. */
    public List<ConsumerInfo> getConsumerInfo(String queue) {
        Call call = new Call("pgq.get_consumer_info", queue, null, null);
        return sql.rows(call, GET_CONSUMER_INFO_QUEUE, PgqApi::consumerInfo, queue);
    }

    private static final String GET_CONSUMER_INFO_ONE =
            "select " + CONSUMER_INFO_COLUMNS + " from pgq.get_consumer_info(?, ?)";

    /** {@code pgq.get_consumer_info(2)}: one consumer, empty when it is not registered. */
    public Optional<ConsumerInfo> getConsumerInfo(String queue, String consumer) {
        Call call = new Call("pgq.get_consumer_info", queue, consumer, null);
        return sql.row(call, GET_CONSUMER_INFO_ONE, PgqApi::consumerInfo, queue, consumer);
    }

    private static ConsumerInfo consumerInfo(ResultSet rs) throws SQLException {
        return new ConsumerInfo(rs.getString("queue_name"), rs.getString("consumer_name"),
                PgqSql.duration(rs, "lag"), PgqSql.duration(rs, "last_seen"), rs.getLong("last_tick"),
                PgqSql.nullableLong(rs, "current_batch"), PgqSql.nullableLong(rs, "next_tick"),
                PgqSql.nullableLong(rs, "pending_events"));
    }

    private static final String FORCE_TICK = "select pgq.force_tick(?)";

    /**
     * {@code pgq.force_tick(1)}: makes the next {@link #ticker} call tick this queue whatever its thresholds say.
     * Returns the current last tick id (the new tick comes with the next ticker run, in a later transaction).
     */
    public long forceTick(String queue) {
        Call call = new Call("pgq.force_tick", queue, null, null);
        return sql.longResult(call, FORCE_TICK, queue).orElseThrow();
    }

    private static final String TICKER_ALL = "select pgq.ticker()";

    /**
     * {@code pgq.ticker(0)}: ticks every queue that needs it (neither paused nor externally ticked); the number of
     * queues that got a tick.
     */
    public long ticker() {
        Call call = new Call("pgq.ticker", null, null, null);
        return sql.longResult(call, TICKER_ALL).orElse(0);
    }

    private static final String TICKER_ONE = "select pgq.ticker(?)";

    /** {@code pgq.ticker(1)}: ticks one queue if it needs it; the new tick id, or empty when no tick was made. */
    public OptionalLong ticker(String queue) {
        Call call = new Call("pgq.ticker", queue, null, null);
        return sql.longResult(call, TICKER_ONE, queue);
    }

    private static final String MAINT_RETRY_EVENTS = "select pgq.maint_retry_events()";

    /** {@code pgq.maint_retry_events(0)}: moves due retry events back into their queues; how many it moved. */
    public int maintRetryEvents() {
        Call call = new Call("pgq.maint_retry_events", null, null, null);
        return sql.intResult(call, MAINT_RETRY_EVENTS);
    }

    private static final String MAINT_OPERATIONS = "select func_name, func_arg from pgq.maint_operations()";

    /** {@code pgq.maint_operations(0)}: the maintenance steps due now, each to be run in its own transaction. */
    public List<MaintOperation> maintOperations() {
        Call call = new Call("pgq.maint_operations", null, null, null);
        return sql.rows(call, MAINT_OPERATIONS, rs -> new MaintOperation(rs.getString(1), rs.getString(2)));
    }

    /** A next_batch_info / next_batch_custom row; null for the all-NULL row that means "no batch yet". */
    private static BatchInfo batchInfo(ResultSet rs) throws SQLException {
        Long batchId = PgqSql.nullableLong(rs, "batch_id");
        if (batchId == null) {
            return null;
        }
        return new BatchInfo(batchId, rs.getLong("cur_tick_id"), rs.getLong("prev_tick_id"),
                rs.getObject("cur_tick_time", OffsetDateTime.class),
                rs.getObject("prev_tick_time", OffsetDateTime.class), rs.getLong("cur_tick_event_seq"),
                rs.getLong("prev_tick_event_seq"));
    }
}
