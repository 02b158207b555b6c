package org.londiste4j.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Typed calls into the pgq_node SQL API (the node registry of a cascaded queue, with the original pgq_node 3.5's
 * function names and result columns) over one JDBC connection. Works the same on londiste4j's SQL install and on
 * the original {@code pgq_node} extension.
 *
 * <p>One method per SQL function, named as its camelCase. Functions that answer {@code (ret_code, ret_note)}
 * throw {@link NodeException} when the code is 300 or more, so a returned record always carries a code below
 * 300; 100-199 means nothing was changed or only read, 200-299 that the change was made.
 *
 * <p>Each method runs in the connection's current transaction and never commits: the caller owns the
 * transaction. That is the invariant replay rests on: {@link #setConsumerCompleted} must commit together with the
 * batch's changes. A failed call leaves the transaction aborted; the caller rolls back.
 *
 * <p>Not thread-safe, like the connection it wraps.
 */
public final class NodeApi {
    private static final Logger log = LoggerFactory.getLogger(NodeApi.class);

    private final Connection conn;
    private final SqlCalls calls;

    public NodeApi(Connection conn) {
        this.conn = conn;
        this.calls = new SqlCalls(conn);
    }

    public Connection connection() {
        return conn;
    }

    // ---- global node map

    /**
     * {@code pgq_node.register_location(4)}: records (or updates) where a node is reached; a null location keeps
     * the known one. On the root the change also goes down the cascade as a {@code pgq.location-info} event.
     */
    public RetNote registerLocation(String queue, String node, String location, boolean dead) {
        return retNote("pgq_node.register_location", "select ret_code, ret_note from "
                + "pgq_node.register_location(?, ?, ?, ?)", queue, node, location, dead);
    }

    /** {@code pgq_node.unregister_location(2)}: forgets a node (301 when unknown, 403 for itself or its provider). */
    public RetNote unregisterLocation(String queue, String node) {
        return retNote("pgq_node.unregister_location", "select ret_code, ret_note from "
                + "pgq_node.unregister_location(?, ?)", queue, node);
    }

    /** {@code pgq_node.get_queue_locations(1)}: the members of the cascade known here. */
    public List<NodeLocation> getQueueLocations(String queue) {
        return rows("pgq_node.get_queue_locations", "select node_name, node_location, dead from "
                        + "pgq_node.get_queue_locations(?)",
                rs -> new NodeLocation(rs.getString(1), rs.getString(2), rs.getBoolean(3)), queue);
    }

    // ---- node operations

    /**
     * {@code pgq_node.create_node(7)}: makes this database a node of the queue (its own location registered
     * first). A root takes no provider, watermark nor combined queue; a branch needs provider and the provider's
     * global watermark; a leaf needs its provider and, as a merge-leaf, names its combined queue.
     */
    public RetNote createNode(String queue, NodeType type, String node, String worker, String provider,
                              Long globalWatermark, String combinedQueue) {
        return retNote("pgq_node.create_node", "select ret_code, ret_note from "
                        + "pgq_node.create_node(?, ?, ?, ?, ?, ?::int8, ?)", queue, type.sqlName(), node, worker,
                provider, globalWatermark, combinedQueue);
    }

    /** {@code pgq_node.drop_node(2)}: removes a node from what this database knows (405 for its provider). */
    public RetNote dropNode(String queue, String node) {
        return retNote("pgq_node.drop_node", "select ret_code, ret_note from pgq_node.drop_node(?, ?)", queue, node);
    }

    /** {@code pgq_node.get_node_info(1)}: this database's node of the queue (404 when there is none). */
    public NodeInfo getNodeInfo(String queue) {
        String fn = "pgq_node.get_node_info";
        NodeInfo info = one(fn, "select ret_code, ret_note, node_type, node_name, global_watermark, local_watermark,"
                + " provider_node, provider_location, combined_queue, combined_type, worker_name, worker_paused,"
                + " worker_uptodate, worker_last_tick, node_attrs, target_for from pgq_node.get_node_info(?)",
                rs -> new NodeInfo(rs.getInt(1), rs.getString(2), NodeType.fromSql(rs.getString(3)),
                        rs.getString(4), nullableLong(rs, 5), nullableLong(rs, 6), rs.getString(7),
                        rs.getString(8), rs.getString(9), NodeType.fromSql(rs.getString(10)), rs.getString(11),
                        nullableBoolean(rs, 12), nullableBoolean(rs, 13), nullableLong(rs, 14), rs.getString(15),
                        textArray(rs.getArray(16))), queue);
        check(fn, info.retCode(), info.retNote());
        return info;
    }

    /** {@code pgq_node.is_root_node(1)}: whether this node is the root (an error when there is no node). */
    public boolean isRootNode(String queue) {
        return one("pgq_node.is_root_node", "select pgq_node.is_root_node(?)", rs -> rs.getBoolean(1), queue);
    }

    /** {@code pgq_node.is_leaf_node(1)}: whether this node is a leaf (an error when there is no node). */
    public boolean isLeafNode(String queue) {
        return one("pgq_node.is_leaf_node", "select pgq_node.is_leaf_node(?)", rs -> rs.getBoolean(1), queue);
    }

    /** {@code pgq_node.get_subscriber_info(1)}: the nodes that read from this one, by name. */
    public List<SubscriberInfo> getSubscriberInfo(String queue) {
        return rows("pgq_node.get_subscriber_info", "select node_name, worker_name, node_watermark from "
                        + "pgq_node.get_subscriber_info(?)",
                rs -> new SubscriberInfo(rs.getString(1), rs.getString(2), nullableLong(rs, 3)), queue);
    }

    /** {@code pgq_node.get_consumer_info(1)}: the cascaded consumers that write into this node, by name. */
    public List<NodeConsumerInfo> getConsumerInfo(String queue) {
        return rows("pgq_node.get_consumer_info", "select consumer_name, provider_node, last_tick_id, paused,"
                        + " uptodate, cur_error from pgq_node.get_consumer_info(?)",
                rs -> new NodeConsumerInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6)), queue);
    }

    /**
     * {@code pgq_node.demote_root(3)}: one step (1, 2, 3, each in its own transaction, in order) of turning the
     * root into a branch that reads from {@code newProvider}.
     */
    public DemoteResult demoteRoot(String queue, int step, String newProvider) {
        String fn = "pgq_node.demote_root";
        DemoteResult r = one(fn, "select ret_code, ret_note, last_tick from pgq_node.demote_root(?, ?, ?)",
                rs -> new DemoteResult(rs.getInt(1), rs.getString(2), nullableLong(rs, 3)), queue, step,
                newProvider);
        check(fn, r.retCode(), r.retNote());
        return r;
    }

    /** {@code pgq_node.promote_branch(1)}: turns this branch into the root. */
    public RetNote promoteBranch(String queue) {
        return retNote("pgq_node.promote_branch", "select ret_code, ret_note from pgq_node.promote_branch(?)",
                queue);
    }

    /** {@code pgq_node.set_node_attrs(2)}: replaces the node's urlencoded attributes. */
    public RetNote setNodeAttrs(String queue, String attrs) {
        return retNote("pgq_node.set_node_attrs", "select ret_code, ret_note from pgq_node.set_node_attrs(?, ?)",
                queue, attrs);
    }

    // ---- provider side

    /**
     * {@code pgq_node.register_subscriber(4)}, on a provider: subscribes a node below it, its worker at
     * {@code customTick} (null: the global watermark), which the answer carries.
     */
    public SubscriberRegistration registerSubscriber(String queue, String remoteNode, String remoteWorker,
                                                     Long customTick) {
        String fn = "pgq_node.register_subscriber";
        SubscriberRegistration r = one(fn, "select ret_code, ret_note, global_watermark from "
                        + "pgq_node.register_subscriber(?, ?, ?, ?::int8)",
                rs -> new SubscriberRegistration(rs.getInt(1), rs.getString(2), nullableLong(rs, 3)), queue,
                remoteNode, remoteWorker, customTick);
        check(fn, r.retCode(), r.retNote());
        return r;
    }

    /** {@code pgq_node.unregister_subscriber(2)}, on a provider: unsubscribes a node (304 when it was not). */
    public RetNote unregisterSubscriber(String queue, String remoteNode) {
        return retNote("pgq_node.unregister_subscriber", "select ret_code, ret_note from "
                + "pgq_node.unregister_subscriber(?, ?)", queue, remoteNode);
    }

    /**
     * {@code pgq_node.set_subscriber_watermark(3)}, on a provider: moves a subscribed node's watermark forward
     * (100 when already there, 405 backwards).
     */
    public RetNote setSubscriberWatermark(String queue, String node, long watermark) {
        return retNote("pgq_node.set_subscriber_watermark", "select ret_code, ret_note from "
                + "pgq_node.set_subscriber_watermark(?, ?, ?)", queue, node, watermark);
    }

    // ---- subscriber side: the worker

    /** {@code pgq_node.get_worker_state(1)}: what the node's worker reads at the start of each round. */
    public WorkerState getWorkerState(String queue) {
        String fn = "pgq_node.get_worker_state";
        WorkerState s = one(fn, "select ret_code, ret_note, node_type, node_name, completed_tick, provider_node,"
                + " provider_location, paused, uptodate, cur_error, worker_name, global_watermark, local_watermark,"
                + " local_queue_top, combined_queue, combined_type from pgq_node.get_worker_state(?)",
                rs -> new WorkerState(rs.getInt(1), rs.getString(2), NodeType.fromSql(rs.getString(3)),
                        rs.getString(4), nullableLong(rs, 5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                        rs.getBoolean(9), rs.getString(10), rs.getString(11), nullableLong(rs, 12),
                        nullableLong(rs, 13), nullableLong(rs, 14), rs.getString(15),
                        NodeType.fromSql(rs.getString(16))), queue);
        check(fn, s.retCode(), s.retNote());
        return s;
    }

    /**
     * {@code pgq_node.set_global_watermark(2)}: on the root (null: its local watermark) moves and publishes it, on
     * a branch moves it to the tick the root sent, on a leaf does nothing (100).
     */
    public RetNote setGlobalWatermark(String queue, Long watermark) {
        return retNote("pgq_node.set_global_watermark", "select ret_code, ret_note from "
                + "pgq_node.set_global_watermark(?, ?::int8)", queue, watermark);
    }

    /** {@code pgq_node.set_partition_watermark(3)}: on a combined branch, moves a merge-leaf worker's position. */
    public RetNote setPartitionWatermark(String combinedQueue, String partQueue, long watermark) {
        return retNote("pgq_node.set_partition_watermark", "select ret_code, ret_note from "
                + "pgq_node.set_partition_watermark(?, ?, ?)", combinedQueue, partQueue, watermark);
    }

    // ---- subscriber side: any cascaded consumer

    /**
     * {@code pgq_node.register_consumer(4)}: registers a cascaded consumer writing into this node (201: it was,
     * and is moved to the given provider and tick).
     */
    public RetNote registerConsumer(String queue, String consumer, String provider, long tickId) {
        return retNote("pgq_node.register_consumer", "select ret_code, ret_note from "
                + "pgq_node.register_consumer(?, ?, ?, ?)", queue, consumer, provider, tickId);
    }

    /** {@code pgq_node.unregister_consumer(2)}: forgets a cascaded consumer. */
    public RetNote unregisterConsumer(String queue, String consumer) {
        return retNote("pgq_node.unregister_consumer", "select ret_code, ret_note from "
                + "pgq_node.unregister_consumer(?, ?)", queue, consumer);
    }

    /** {@code pgq_node.get_consumer_state(2)}: what a cascaded consumer reads at the start of each round. */
    public ConsumerState getConsumerState(String queue, String consumer) {
        String fn = "pgq_node.get_consumer_state";
        ConsumerState s = one(fn, "select ret_code, ret_note, node_type, node_name, completed_tick, provider_node,"
                + " provider_location, paused, uptodate, cur_error from pgq_node.get_consumer_state(?, ?)",
                rs -> new ConsumerState(rs.getInt(1), rs.getString(2), NodeType.fromSql(rs.getString(3)),
                        rs.getString(4), nullableLong(rs, 5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                        rs.getBoolean(9), rs.getString(10)), queue, consumer);
        check(fn, s.retCode(), s.retNote());
        return s;
    }

    /** {@code pgq_node.change_consumer_provider(3)}: points a cascaded consumer at another provider node. */
    public RetNote changeConsumerProvider(String queue, String consumer, String newProvider) {
        return retNote("pgq_node.change_consumer_provider", "select ret_code, ret_note from "
                + "pgq_node.change_consumer_provider(?, ?, ?)", queue, consumer, newProvider);
    }

    /** {@code pgq_node.set_consumer_uptodate(3)}: the consumer has seen the last administrative change. */
    public RetNote setConsumerUptodate(String queue, String consumer, boolean uptodate) {
        return retNote("pgq_node.set_consumer_uptodate", "select ret_code, ret_note from "
                + "pgq_node.set_consumer_uptodate(?, ?, ?)", queue, consumer, uptodate);
    }

    /** {@code pgq_node.set_consumer_paused(3)}: pauses or resumes a consumer (201 when already so). */
    public RetNote setConsumerPaused(String queue, String consumer, boolean paused) {
        return retNote("pgq_node.set_consumer_paused", "select ret_code, ret_note from "
                + "pgq_node.set_consumer_paused(?, ?, ?)", queue, consumer, paused);
    }

    /**
     * {@code pgq_node.set_consumer_completed(3)}: records the provider tick whose batch was applied here and
     * clears the error; call it in the batch's own transaction.
     */
    public RetNote setConsumerCompleted(String queue, String consumer, long tickId) {
        return retNote("pgq_node.set_consumer_completed", "select ret_code, ret_note from "
                + "pgq_node.set_consumer_completed(?, ?, ?)", queue, consumer, tickId);
    }

    /** {@code pgq_node.set_consumer_error(3)}: stores why the last batch failed (101: unknown consumer, ignored). */
    public RetNote setConsumerError(String queue, String consumer, String error) {
        return retNote("pgq_node.set_consumer_error", "select ret_code, ret_note from "
                + "pgq_node.set_consumer_error(?, ?, ?)", queue, consumer, error);
    }

    // ---- maintenance

    /** {@code pgq_node.maint_watermark(1)}: on the root, moves a global watermark 5 minutes or more behind. */
    public int maintWatermark(String queue) {
        return one("pgq_node.maint_watermark", "select pgq_node.maint_watermark(?)", rs -> rs.getInt(1), queue);
    }

    /** {@code pgq_node.version(0)}: e.g. {@code 3.5-londiste4j.1}, or the original extension's {@code 3.5}. */
    public String version() {
        return one("pgq_node.version", "select pgq_node.version()", rs -> rs.getString(1));
    }

    /** {@code pgq_node.upgrade_schema(0)}: the number of changes made to converge the tables. */
    public int upgradeSchema() {
        return one("pgq_node.upgrade_schema", "select pgq_node.upgrade_schema()", rs -> rs.getInt(1));
    }

    // ---- plumbing

    private RetNote retNote(String fn, String sql, Object... args) {
        return calls.retNote(fn, sql, args);
    }

    private static void check(String fn, int code, String note) {
        SqlCalls.check(fn, code, note);
    }

    private <T> T one(String fn, String sql, SqlCalls.Row<T> row, Object... args) {
        return calls.one(fn, sql, row, args);
    }

    private <T> List<T> rows(String fn, String sql, SqlCalls.Row<T> row, Object... args) {
        return calls.rows(fn, sql, row, args);
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Boolean nullableBoolean(ResultSet rs, int col) throws SQLException {
        boolean v = rs.getBoolean(col);
        return rs.wasNull() ? null : v;
    }

    private static List<String> textArray(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        try {
            return List.of((String[]) a.getArray());
        } finally {
            a.free();
        }
    }
}
