package org.londiste4j.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings fixed for the length of one copy or checksum and put back after it, so that values are written and
 * read in one text form whatever the server's or the session's own {@code DateStyle}, {@code TimeZone},
 * {@code IntervalStyle} or {@code extra_float_digits}. Set with {@code set_config(..., true)}: inside a
 * transaction they end with it at the latest, so an error between set and restore leaks nothing past it.
 */
final class SessionSettings {
    /** Text forms that read back the same on every version (ISO dates, UTC offsets, postgres intervals, money). */
    static final Map<String, String> TEXT_IO = Map.of(
            "DateStyle", "ISO, YMD",
            "IntervalStyle", "postgres",
            "TimeZone", "UTC",
            "bytea_output", "hex",
            "lc_monetary", "C");

    private final Connection conn;
    private final Map<String, String> previous;

    private SessionSettings(Connection conn, Map<String, String> previous) {
        this.conn = conn;
        this.previous = previous;
    }

    /** Reads the current values of {@code wanted}'s names, then sets them, transaction-locally. */
    static SessionSettings setLocal(Connection conn, Map<String, String> wanted) throws SQLException {
        List<String> names = new ArrayList<>(wanted.keySet());
        Map<String, String> previous = new LinkedHashMap<>();
        for (String n : names) {
            previous.put(n, Catalog.scalarWith(conn, "select current_setting(?)", n));
        }
        apply(conn, wanted);
        return new SessionSettings(conn, previous);
    }

    static void apply(Connection conn, Map<String, String> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("set_config(?, ?, true)");
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            int i = 1;
            for (var e : values.entrySet()) {
                ps.setString(i++, e.getKey());
                ps.setString(i++, e.getValue());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** Puts the values read by {@link #setLocal} back. */
    void restore() throws SQLException {
        apply(conn, previous);
    }
}
