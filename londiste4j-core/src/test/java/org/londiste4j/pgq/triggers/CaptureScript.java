package org.londiste4j.pgq.triggers;

import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs the capture script ({@code capture.sql}: one statement per line) on a database that has a pgq schema with
 * the capture triggers, and renders what happened as text: every error where it occurred, the rows of each
 * select, then every event of queue {@code q} in ev_id order as {@code ev_type|ev_data|ev_extra1..4}
 * ({@code \N} for NULL). The same text from londiste4j and from the original C triggers means the same capture.
 */
final class CaptureScript {
    static final String NULL = "\\N";

    private CaptureScript() {
    }

    static String resource(String name) {
        try (InputStream in = CaptureScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(Connection c) throws SQLException {
        return run(c, resource("capture.sql"));
    }

    /** Runs another version of the capture script (same shape: one statement per line). */
    static String run(Connection c, String script) throws SQLException {
        c.setAutoCommit(true);
        StringBuilder out = new StringBuilder();
        int lineNo = 0;
        try (Statement st = c.createStatement()) {
            for (String line : script.split("\n")) {
                lineNo++;
                String sql = line.strip();
                if (sql.isEmpty() || sql.startsWith("--")) {
                    continue;
                }
                try {
                    if (st.execute(sql)) {
                        try (ResultSet rs = st.getResultSet()) {
                            while (rs.next()) {
                                out.append(lineNo).append(": row ").append(rs.getString(1)).append('\n');
                            }
                        }
                    }
                } catch (PSQLException e) {
                    String msg = e.getServerErrorMessage() != null ? e.getServerErrorMessage().getMessage()
                            : e.getMessage();
                    out.append(lineNo).append(": ERROR ").append(msg).append('\n');
                    if (!c.getAutoCommit() || sql.startsWith("begin")) {
                        st.execute("rollback");
                    }
                }
            }
            String table;
            try (ResultSet rs = st.executeQuery("select queue_data_pfx from pgq.queue where queue_name = 'q'")) {
                rs.next();
                table = rs.getString(1);
            }
            try (ResultSet rs = st.executeQuery("select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4"
                    + " from " + table + " order by ev_id")) {
                while (rs.next()) {
                    for (int i = 1; i <= 6; i++) {
                        String v = rs.getString(i);
                        out.append(i > 1 ? "|" : "event ").append(v == null ? NULL : v);
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
