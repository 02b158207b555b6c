package org.londiste4j.pgq.sql;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Small JDBC helpers for the pgq SQL tests: a database with pgq installed, scalars, rows, ticks. */
final class Sql {
    private Sql() {
    }

    static List<String> versions() {
        return PgServers.versions();
    }

    /** A fresh database with the pgq schema installed. */
    static TestDb pgqDb(String major) throws SQLException {
        TestDb db = TestDb.create(major, "pgq");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
        }
        return db;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** First column of the first row, as text (null for SQL NULL or no row). */
    static String scalar(Connection c, String sql, Object... args) throws SQLException {
        List<List<String>> rows = rows(c, sql, args);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    static long num(Connection c, String sql, Object... args) throws SQLException {
        String s = scalar(c, sql, args);
        assertNotNull(s, "NULL from: " + sql);
        return Long.parseLong(s);
    }

    static List<List<String>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Makes the queue tick on every ticker call (no lag, no idle thinning). */
    static void tickAlways(Connection c, String queue) throws SQLException {
        scalar(c, "select pgq.set_queue_config(?, 'ticker_max_lag', '0')", queue);
        scalar(c, "select pgq.set_queue_config(?, 'ticker_idle_period', '0')", queue);
    }

    /** A tick now (the queue must tick always, see {@link #tickAlways}); returns its id. */
    static long tick(Connection c, String queue) throws SQLException {
        return num(c, "select pgq.ticker(?)", queue);
    }

    /** Opens the next batch; null if none. */
    static Long nextBatch(Connection c, String queue, String consumer) throws SQLException {
        String s = scalar(c, "select pgq.next_batch(?, ?)", queue, consumer);
        return s == null ? null : Long.valueOf(s);
    }

    /** The ev_data of a batch's events, in order. */
    static List<String> batchData(Connection c, long batch) throws SQLException {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows(c, "select ev_data from pgq.get_batch_events(?)", batch)) {
            out.add(r.get(0));
        }
        return out;
    }

    /** Consumes every batch there is now, finishing each; returns the ev_data seen, in order. */
    static List<String> drain(Connection c, String queue, String consumer) throws SQLException {
        List<String> seen = new ArrayList<>();
        Long b;
        while ((b = nextBatch(c, queue, consumer)) != null) {
            seen.addAll(batchData(c, b));
            num(c, "select pgq.finish_batch(?)", b);
        }
        return seen;
    }

    static void insert(Connection c, String queue, String data) throws SQLException {
        num(c, "select pgq.insert_event(?, 'test', ?)", queue, data);
    }
}
