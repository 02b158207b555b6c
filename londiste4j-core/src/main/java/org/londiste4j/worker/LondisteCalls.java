package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code londiste} SQL calls the worker makes, on one connection, in the caller's transaction. Functions
 * returning {@code (ret_code, ret_note)} throw {@link ReplayException} when ret_code is 300 or more.
 *
 * <p>Stand-in: this is where the worker meets {@code LondisteApi} (helper "sqllondiste"); each method is one call
 * of the original's SQL API (same on our schema and the original extension), to be delegated to that wrapper
 * when it is on main.
 */
final class LondisteCalls {
    private final Connection conn;

    LondisteCalls(Connection conn) {
        this.conn = conn;
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

    /** The sequences of {@code londiste.get_seq_list(1)} that are local here. */
    List<String> localSeqs(String queue) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select seq_name from londiste.get_seq_list(?) where local")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
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
