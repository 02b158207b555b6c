package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pgq_node} and {@code londiste} SQL calls the worker makes, on one connection, in the caller's
 * transaction. Functions returning {@code (ret_code, ret_note)} throw {@link ReplayException} when ret_code is
 * 300 or more.
 *
 * <p>Stand-in: this is where the worker meets {@code NodeApi} and {@code LondisteApi} (helpers "sqlnode" and
 * "sqllondiste"); each method is one call of the original's SQL API (same on our schemas and the original
 * extensions), to be delegated to those wrappers when they are on main.
 */
final class NodeCalls {
    private final Connection conn;

    NodeCalls(Connection conn) {
        this.conn = conn;
    }

    /** A row of {@code pgq_node.get_worker_state(1)}. */
    record WorkerStateRow(String nodeType, String nodeName, Long completedTick, String providerNode,
                          String providerLocation, boolean paused, boolean uptodate, String curError,
                          String workerName, Long globalWatermark, Long localWatermark, String combinedQueue,
                          String combinedType) {
    }

    WorkerStateRow getWorkerState(String queue) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select * from pgq_node.get_worker_state(?)")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                check(rs, "pgq_node.get_worker_state");
                return new WorkerStateRow(rs.getString("node_type"), rs.getString("node_name"),
                        (Long) rs.getObject("completed_tick"), rs.getString("provider_node"),
                        rs.getString("provider_location"), rs.getBoolean("paused"), rs.getBoolean("uptodate"),
                        rs.getString("cur_error"), rs.getString("worker_name"),
                        (Long) rs.getObject("global_watermark"), (Long) rs.getObject("local_watermark"),
                        rs.getString("combined_queue"), rs.getString("combined_type"));
            }
        }
    }

    /** A row of {@code pgq_node.get_consumer_state(2)}. */
    record ConsumerStateRow(String nodeType, String nodeName, Long completedTick, String providerNode,
                            String providerLocation, boolean paused, boolean uptodate, String curError) {
    }

    ConsumerStateRow getConsumerState(String queue, String consumer) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select * from pgq_node.get_consumer_state(?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                check(rs, "pgq_node.get_consumer_state");
                return new ConsumerStateRow(rs.getString("node_type"), rs.getString("node_name"),
                        (Long) rs.getObject("completed_tick"), rs.getString("provider_node"),
                        rs.getString("provider_location"), rs.getBoolean("paused"), rs.getBoolean("uptodate"),
                        rs.getString("cur_error"));
            }
        }
    }

    void setConsumerUptodate(String queue, String consumer, boolean uptodate) throws SQLException {
        retNote("pgq_node.set_consumer_uptodate", "select * from pgq_node.set_consumer_uptodate(?, ?, ?)", queue,
                consumer, uptodate);
    }

    void setConsumerCompleted(String queue, String consumer, long tick) throws SQLException {
        retNote("pgq_node.set_consumer_completed", "select * from pgq_node.set_consumer_completed(?, ?, ?)", queue,
                consumer, tick);
    }

    void setConsumerError(String queue, String consumer, String error) throws SQLException {
        retNote("pgq_node.set_consumer_error", "select * from pgq_node.set_consumer_error(?, ?, ?)", queue,
                consumer, error);
    }

    void registerConsumer(String queue, String consumer, String providerNode, long tick) throws SQLException {
        retNote("pgq_node.register_consumer", "select * from pgq_node.register_consumer(?, ?, ?, ?)", queue,
                consumer, providerNode, tick);
    }

    void unregisterConsumer(String queue, String consumer) throws SQLException {
        retNote("pgq_node.unregister_consumer", "select * from pgq_node.unregister_consumer(?, ?)", queue,
                consumer);
    }

    void setSubscriberWatermark(String queue, String node, long watermark) throws SQLException {
        retNote("pgq_node.set_subscriber_watermark", "select * from pgq_node.set_subscriber_watermark(?, ?, ?)",
                queue, node, watermark);
    }

    void setGlobalWatermark(String queue, Long watermark) throws SQLException {
        retNote("pgq_node.set_global_watermark", "select * from pgq_node.set_global_watermark(?, ?::int8)", queue,
                watermark);
    }

    void registerLocation(String queue, String node, String location, boolean dead) throws SQLException {
        retNote("pgq_node.register_location", "select * from pgq_node.register_location(?, ?, ?, ?)", queue, node,
                location, dead);
    }

    void unregisterLocation(String queue, String node) throws SQLException {
        retNote("pgq_node.unregister_location", "select * from pgq_node.unregister_location(?, ?)", queue, node);
    }

    void setPartitionWatermark(String queue, String partQueue, long tick) throws SQLException {
        retNote("pgq_node.set_partition_watermark", "select * from pgq_node.set_partition_watermark(?, ?, ?)",
                queue, partQueue, tick);
    }

    /** A row of {@code londiste.get_table_list(1)}. */
    record TableRow(String tableName, boolean local, String mergeState, String customSnapshot, String tableAttrs,
                    String destTable) {
        String dest() {
            return destTable == null || destTable.isEmpty() ? tableName : destTable;
        }
    }

    List<TableRow> getTableList(String queue) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select table_name, local, merge_state, custom_snapshot,"
                + " table_attrs, dest_table from londiste.get_table_list(?)")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                List<TableRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new TableRow(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
                return out;
            }
        }
    }

    void localSetTableState(String queue, String table, String snapshot, String mergeState) throws SQLException {
        retNote("londiste.local_set_table_state", "select * from londiste.local_set_table_state(?, ?, ?, ?)", queue,
                table, snapshot, mergeState);
    }

    void globalAddTable(String queue, String table) throws SQLException {
        retNote("londiste.global_add_table", "select * from londiste.global_add_table(?, ?)", queue, table);
    }

    void globalRemoveTable(String queue, String table) throws SQLException {
        retNote("londiste.global_remove_table", "select * from londiste.global_remove_table(?, ?)", queue, table);
    }

    void globalUpdateSeq(String queue, String seq, long value) throws SQLException {
        retNote("londiste.global_update_seq", "select * from londiste.global_update_seq(?, ?, ?)", queue, seq,
                value);
    }

    void globalRemoveSeq(String queue, String seq) throws SQLException {
        retNote("londiste.global_remove_seq", "select * from londiste.global_remove_seq(?, ?)", queue, seq);
    }

    void rootCheckSeqs(String queue) throws SQLException {
        retNote("londiste.root_check_seqs", "select * from londiste.root_check_seqs(?)", queue);
    }

    void setSessionReplicationRole(String role, boolean local) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select londiste.set_session_replication_role(?, ?)")) {
            ps.setString(1, role);
            ps.setBoolean(2, local);
            ps.execute();
        }
    }

    /** A row of {@code londiste.pending_fkeys} as the fkey functions return it. */
    record Fkey(String fromTable, String toTable, String fkeyName) {
    }

    List<Fkey> findTableFkeys(String table) throws SQLException {
        return fkeys("select from_table, to_table, fkey_name from londiste.find_table_fkeys(?)", table);
    }

    List<Fkey> getValidPendingFkeys(String queue) throws SQLException {
        return fkeys("select from_table, to_table, fkey_name from londiste.get_valid_pending_fkeys(?)", queue);
    }

    void dropTableFkey(String fromTable, String fkeyName) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select londiste.drop_table_fkey(?, ?)")) {
            ps.setString(1, fromTable);
            ps.setString(2, fkeyName);
            ps.execute();
        }
    }

    void restoreTableFkey(String fromTable, String fkeyName) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select londiste.restore_table_fkey(?, ?)")) {
            ps.setString(1, fromTable);
            ps.setString(2, fkeyName);
            ps.execute();
        }
    }

    /** {@code londiste.execute_start(5)}: the ret_code (200 run it, 301 already applied: skip). */
    int executeStart(String queue, String fileName, String sql, boolean expectRoot, String attrs)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select * from londiste.execute_start(?, ?, ?, ?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, fileName);
            ps.setString(3, sql);
            ps.setBoolean(4, expectRoot);
            ps.setString(5, attrs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt("ret_code");
            }
        }
    }

    void executeFinish(String queue, String fileName) throws SQLException {
        retNote("londiste.execute_finish", "select * from londiste.execute_finish(?, ?)", queue, fileName);
    }

    private List<Fkey> fkeys(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                List<Fkey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Fkey(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                return out;
            }
        }
    }

    private void retNote(String fn, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                check(rs, fn);
            }
        }
    }

    private static void check(ResultSet rs, String fn) throws SQLException {
        int code = rs.getInt("ret_code");
        if (code >= 300) {
            throw new ReplayException(fn + ": " + code + " " + rs.getString("ret_note"));
        }
    }
}
