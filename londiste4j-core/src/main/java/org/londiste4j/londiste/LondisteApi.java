package org.londiste4j.londiste;

import org.londiste4j.db.Db;
import org.londiste4j.node.NodeException;
import org.londiste4j.node.RetNote;
import org.londiste4j.node.SqlCalls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed calls into the londiste SQL API (the table and sequence registry of a node, with the original
 * londiste 3.8's function names and result columns) over one JDBC connection. Works the same on londiste4j's SQL
 * install and on the original {@code londiste} extension.
 *
 * <p>One method per SQL function, named as its camelCase. Functions that answer {@code (ret_code, ret_note)}
 * throw {@link NodeException} when the code is 300 or more, so a returned {@link RetNote} always carries a code
 * below 300; a server error is thrown as a {@link NodeException} with code 0.
 *
 * <p>Each method runs in the connection's current transaction and never commits: the caller owns the
 * transaction, so that a table's state change commits together with what it describes (a copy's rows, a
 * batch's tick). A failed call leaves the transaction aborted; the caller rolls back.
 *
 * <p>Not thread-safe, like the connection it wraps.
 */
public final class LondisteApi {
    private static final String TABLE_COLUMNS = "table_name, local, merge_state, custom_snapshot, table_attrs,"
            + " dropped_ddl, copy_role, copy_pos, dest_table";
    private static final String FKEY_COLUMNS = "from_table, to_table, fkey_name, fkey_def";

    private final Connection conn;
    private final SqlCalls calls;

    public LondisteApi(Connection conn) {
        this.conn = conn;
        this.calls = new SqlCalls(conn);
    }

    public Connection connection() {
        return conn;
    }

    // ---- information

    /** {@code londiste.get_table_list(1)}: the tables of the queue's set known here, in the order they were added. */
    public List<TableInfo> getTableList(String queue) {
        return rows("londiste.get_table_list", "select " + TABLE_COLUMNS + " from londiste.get_table_list(?)",
                LondisteApi::tableInfo, queue);
    }

    /** {@code londiste.get_seq_list(1)}: the sequences of the queue's set known here. */
    public List<SeqInfo> getSeqList(String queue) {
        return rows("londiste.get_seq_list", "select seq_name, last_value, local from londiste.get_seq_list(?)",
                rs -> new SeqInfo(rs.getString(1), rs.getLong(2), rs.getBoolean(3)), queue);
    }

    /**
     * {@code londiste.local_show_missing(1)}: on the root the tables and sequences not replicated, elsewhere those
     * of the set that are not local.
     */
    public List<MissingObject> localShowMissing(String queue) {
        return rows("londiste.local_show_missing", "select obj_kind, obj_name from londiste.local_show_missing(?)",
                rs -> new MissingObject(rs.getString(1), rs.getString(2)), queue);
    }

    /** {@code londiste.version(0)}: e.g. {@code 3.8-londiste4j.1}, or the original extension's version. */
    public String version() {
        return one("londiste.version", "select londiste.version()", rs -> rs.getString(1));
    }

    // ---- tables

    /**
     * {@code londiste.local_add_table(5)}: makes this node replay a table (on the root: adds it to the set and
     * publishes {@code londiste.add-table}) and creates its triggers.
     *
     * @param trgArgs    trigger arguments and options (expect_sync, skip_truncate, no_triggers, tgflags=...,
     *                   SKIP, pkey=..., ...); null or empty for the defaults
     * @param tableAttrs urlencoded handler attributes, or null
     * @param destTable  local table name when it differs, or null
     */
    public RetNote localAddTable(String queue, String table, List<String> trgArgs, String tableAttrs,
                                 String destTable) {
        return retNote("londiste.local_add_table", "select ret_code, ret_note from"
                        + " londiste.local_add_table(?, ?, ?::text[], ?, ?)", queue, table, textArray(trgArgs),
                tableAttrs, destTable);
    }

    /** {@code londiste.local_add_table(2)}: {@link #localAddTable(String, String, List, String, String)} with defaults. */
    public RetNote localAddTable(String queue, String table) {
        return localAddTable(queue, table, null, null, null);
    }

    /** {@code londiste.local_change_handler(4)}: new handler attributes, triggers re-created if their args change. */
    public RetNote localChangeHandler(String queue, String table, List<String> trgArgs, String tableAttrs) {
        return retNote("londiste.local_change_handler", "select ret_code, ret_note from"
                + " londiste.local_change_handler(?, ?, ?::text[], ?)", queue, table, textArray(trgArgs), tableAttrs);
    }

    /**
     * {@code londiste.local_remove_table(2)}: stops replaying a table here (drops its triggers, restores the DDL
     * an unfinished copy dropped); on the root also removes it from the set and publishes
     * {@code londiste.remove-table}.
     */
    public RetNote localRemoveTable(String queue, String table) {
        return retNote("londiste.local_remove_table", "select ret_code, ret_note from"
                + " londiste.local_remove_table(?, ?)", queue, table);
    }

    /** {@code londiste.global_add_table(2)}: adds a table to the set (what replay does on {@code londiste.add-table}). */
    public RetNote globalAddTable(String queue, String table) {
        return retNote("londiste.global_add_table", "select ret_code, ret_note from"
                + " londiste.global_add_table(?, ?)", queue, table);
    }

    /** {@code londiste.global_remove_table(2)}: removes a table from the set (replay of {@code londiste.remove-table}). */
    public RetNote globalRemoveTable(String queue, String table) {
        return retNote("londiste.global_remove_table", "select ret_code, ret_note from"
                + " londiste.global_remove_table(?, ?)", queue, table);
    }

    /**
     * {@code londiste.create_trigger(5)}: creates or replaces the capture triggers of a table.
     *
     * @param nodeType root, branch or leaf (a leaf's triggers deny writes outside replay)
     */
    public CreatedTrigger createTrigger(String queue, String table, List<String> trgArgs, String destTable,
                                        String nodeType) {
        String fn = "londiste.create_trigger";
        CreatedTrigger r = one(fn, "select ret_code, ret_note, trigger_name from"
                        + " londiste.create_trigger(?, ?, ?::text[], ?, ?)",
                rs -> new CreatedTrigger(rs.getInt(1), rs.getString(2), rs.getString(3)),
                queue, table, textArray(trgArgs), destTable, nodeType);
        SqlCalls.check(fn, r.retCode(), r.retNote());
        return r;
    }

    /** {@code londiste.drop_table_triggers(2)}: drops the table's capture triggers of this queue. */
    public void dropTableTriggers(String queue, String table) {
        one("londiste.drop_table_triggers", "select 1 from londiste.drop_table_triggers(?, ?)", rs -> null,
                queue, table);
    }

    /** {@code londiste.local_set_table_state(4)}: a local table's copy state and the provider snapshot of its copy. */
    public RetNote localSetTableState(String queue, String table, String snapshot, TableState state) {
        return retNote("londiste.local_set_table_state", "select ret_code, ret_note from"
                        + " londiste.local_set_table_state(?, ?, ?, ?)", queue, table, snapshot,
                state == null ? null : state.render());
    }

    /** {@code londiste.local_set_table_attrs(3)}: a local table's urlencoded handler attributes. */
    public RetNote localSetTableAttrs(String queue, String table, String tableAttrs) {
        return retNote("londiste.local_set_table_attrs", "select ret_code, ret_note from"
                + " londiste.local_set_table_attrs(?, ?, ?)", queue, table, tableAttrs);
    }

    /**
     * {@code londiste.local_set_table_struct(3)}: the DDL a copy dropped from a local table (null once restored);
     * only in the states in-copy and catching-up.
     */
    public RetNote localSetTableStruct(String queue, String table, String droppedDdl) {
        return retNote("londiste.local_set_table_struct", "select ret_code, ret_note from"
                + " londiste.local_set_table_struct(?, ?, ?)", queue, table, droppedDdl);
    }

    /** {@code londiste.find_column_types(1)}: one letter per live column, 'k' key or 'v' value ("" if no table). */
    public String findColumnTypes(String table) {
        return one("londiste.find_column_types", "select londiste.find_column_types(?)", rs -> rs.getString(1),
                table);
    }

    // ---- sequences

    /** {@code londiste.local_add_seq(2)}: keeps a sequence in step here (on the root: adds it to the set). */
    public RetNote localAddSeq(String queue, String seq) {
        return retNote("londiste.local_add_seq", "select ret_code, ret_note from londiste.local_add_seq(?, ?)",
                queue, seq);
    }

    /** {@code londiste.local_remove_seq(2)}: stops keeping it in step (on the root: removes it from the set). */
    public RetNote localRemoveSeq(String queue, String seq) {
        return retNote("londiste.local_remove_seq", "select ret_code, ret_note from londiste.local_remove_seq(?, ?)",
                queue, seq);
    }

    /** {@code londiste.global_update_seq(3)}: a value the root published (replay of {@code londiste.update-seq}). */
    public RetNote globalUpdateSeq(String queue, String seq, long value) {
        return retNote("londiste.global_update_seq", "select ret_code, ret_note from"
                + " londiste.global_update_seq(?, ?, ?::int8)", queue, seq, value);
    }

    /** {@code londiste.global_remove_seq(2)}: removes a sequence from the set (replay of {@code londiste.remove-seq}). */
    public RetNote globalRemoveSeq(String queue, String seq) {
        return retNote("londiste.global_remove_seq", "select ret_code, ret_note from"
                + " londiste.global_remove_seq(?, ?)", queue, seq);
    }

    /**
     * {@code londiste.root_check_seqs(2)}: on the root, publishes the sequences that came within {@code buffer} of
     * their last published value (100 "Sequences updated"; 402 on another node).
     */
    public RetNote rootCheckSeqs(String queue, long buffer) {
        return retNote("londiste.root_check_seqs", "select ret_code, ret_note from"
                + " londiste.root_check_seqs(?, ?::int8)", queue, buffer);
    }

    /** {@code londiste.root_check_seqs(1)}: with the default buffer of 10000. */
    public RetNote rootCheckSeqs(String queue) {
        return retNote("londiste.root_check_seqs", "select ret_code, ret_note from londiste.root_check_seqs(?)",
                queue);
    }

    /** {@code londiste.root_notify_change(3)}: publishes a set change event; only on the root. */
    public int rootNotifyChange(String queue, String evType, String evData) {
        return one("londiste.root_notify_change", "select londiste.root_notify_change(?, ?, ?)",
                rs -> rs.getInt(1), queue, evType, evData);
    }

    // ---- foreign keys

    /** {@code londiste.find_table_fkeys(1)}: the foreign keys that exist now from or to a table. */
    public List<PendingFkey> findTableFkeys(String table) {
        return rows("londiste.find_table_fkeys", "select " + FKEY_COLUMNS + " from londiste.find_table_fkeys(?)",
                LondisteApi::fkey, table);
    }

    /** {@code londiste.get_table_pending_fkeys(1)}: the dropped foreign keys from or to a table. */
    public List<PendingFkey> getTablePendingFkeys(String table) {
        return rows("londiste.get_table_pending_fkeys", "select " + FKEY_COLUMNS
                + " from londiste.get_table_pending_fkeys(?)", LondisteApi::fkey, table);
    }

    /** {@code londiste.get_valid_pending_fkeys(1)}: the dropped foreign keys this queue's worker may restore now. */
    public List<PendingFkey> getValidPendingFkeys(String queue) {
        return rows("londiste.get_valid_pending_fkeys", "select " + FKEY_COLUMNS
                + " from londiste.get_valid_pending_fkeys(?)", LondisteApi::fkey, queue);
    }

    /** {@code londiste.drop_table_fkey(2)}: drops a foreign key, keeping it as pending; 1 if dropped, 0 if none. */
    public int dropTableFkey(String fromTable, String fkeyName) {
        return one("londiste.drop_table_fkey", "select londiste.drop_table_fkey(?, ?)", rs -> rs.getInt(1),
                fromTable, fkeyName);
    }

    /**
     * {@code londiste.restore_table_fkey(3)}: restores a dropped foreign key; with {@code lazy} returns the next
     * statement to run (add NOT VALID, then validate) until it returns "" (done).
     */
    public String restoreTableFkey(String fromTable, String fkeyName, boolean lazy) {
        return one("londiste.restore_table_fkey", "select londiste.restore_table_fkey(?, ?, ?)",
                rs -> rs.getString(1), fromTable, fkeyName, lazy);
    }

    // ---- EXECUTE, replay session, maintenance

    /**
     * {@code londiste.execute_start(5)}: records an EXECUTE script at the start of its transaction: 200 run it,
     * 201 already applied (skip it); 401 (thrown) when {@code expectRoot} and this is not the root.
     */
    public RetNote executeStart(String queue, String fileName, String sql, boolean expectRoot, String attrs) {
        return retNote("londiste.execute_start", "select ret_code, ret_note from"
                + " londiste.execute_start(?, ?, ?, ?, ?)", queue, fileName, sql, expectRoot, attrs);
    }

    /** {@code londiste.execute_finish(2)}: ends an EXECUTE script; on the root it goes into the queue. */
    public RetNote executeFinish(String queue, String fileName) {
        return retNote("londiste.execute_finish", "select ret_code, ret_note from londiste.execute_finish(?, ?)",
                queue, fileName);
    }

    /**
     * {@code londiste.set_session_replication_role(2)}: origin, replica or local, for the transaction
     * ({@code local}) or the session; works for a replay role that is no superuser.
     */
    public void setSessionReplicationRole(String value, boolean local) {
        one("londiste.set_session_replication_role", "select 1 from londiste.set_session_replication_role(?, ?)",
                rs -> null, value, local);
    }

    /** {@code londiste.periodic_maintenance(0)}: forgets EXECUTE scripts older than three months. */
    public int periodicMaintenance() {
        return one("londiste.periodic_maintenance", "select londiste.periodic_maintenance()", rs -> rs.getInt(1));
    }

    /**
     * The channel a node's worker LISTENs on: add-table and resync NOTIFY it (payload: the queue) so that the worker
     * starts the copy at once instead of at its next round ({@code loop_delay}). Only a wake-up: a worker that
     * misses it (the original's tools never send it) still finds the tables at its next round.
     */
    public static final String TABLES_CHANNEL = "londiste4j_tables";

    /** {@code pg_notify(TABLES_CHANNEL, queue)}, delivered when the caller's transaction commits. */
    public void notifyTablesChanged(String queue) {
        one("pg_notify", "select 1 from pg_notify(?, ?)", rs -> null, TABLES_CHANNEL, queue);
    }

    /**
     * {@link #notifyTablesChanged} for every other queue of this database that writes into the same combined queue
     * as {@code queue}: {@code add-table --merge-all} adds the table on their merge leaves too, and their workers
     * should start those copies as soon as this one's.
     */
    public void notifyMergePartners(String queue) {
        calls.rows("pg_notify", "select pg_notify(?, o.queue_name) from pgq_node.node_info n"
                + " join pgq_node.node_info o on o.combined_queue = n.combined_queue and o.queue_name <> n.queue_name"
                + " where n.queue_name = ?", rs -> null, TABLES_CHANNEL, queue);
    }

    private static final String MERGE_PARTNERS = "select o.queue_name, o.table_name, o.merge_state, o.dropped_ddl"
            + " from londiste.table_info t"
            + " join pgq_node.node_info n on n.queue_name = t.queue_name and n.combined_queue is not null"
            + " join pgq_node.node_info n2 on n2.combined_queue = n.combined_queue"
            + " join londiste.table_info o on o.queue_name = n2.queue_name and o.local"
            + "  and coalesce(o.dest_table, o.table_name) = coalesce(t.dest_table, t.table_name)"
            + " where t.queue_name = ? and t.table_name = ? order by o.queue_name";

    /**
     * The merge partners of a queue's table in this database: the <em>local</em> tables of every queue that writes
     * into the same combined queue as {@code queue} (itself included) whose destination is the table's, by queue
     * name. The table's own row is among them only while it is local here; empty when {@code queue} has no combined
     * queue or does not have the table. A plain query, not a londiste function: static, and failures stay
     * {@link SQLException}s for the callers (a merged copy, a merged resync), which run it in their own transaction.
     */
    public static List<MergePartner> mergePartners(Connection conn, String queue, String table) throws SQLException {
        List<MergePartner> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(MERGE_PARTNERS)) {
            Db.bind(ps, queue, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MergePartner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    // ---- plumbing

    private static TableInfo tableInfo(ResultSet rs) throws SQLException {
        return new TableInfo(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9));
    }

    private static PendingFkey fkey(ResultSet rs) throws SQLException {
        return new PendingFkey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    private java.sql.Array textArray(List<String> values) {
        return calls.textArray(values);
    }

    private RetNote retNote(String fn, String sql, Object... args) {
        return calls.retNote(fn, sql, args);
    }

    private <T> T one(String fn, String sql, SqlCalls.Row<T> row, Object... args) {
        return calls.one(fn, sql, row, args);
    }

    private <T> List<T> rows(String fn, String sql, SqlCalls.Row<T> row, Object... args) {
        return calls.rows(fn, sql, row, args);
    }
}
