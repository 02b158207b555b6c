package org.londiste4j.worker;

import org.londiste4j.db.Quote;
import org.londiste4j.pgq.Event;
import org.londiste4j.pgq.RowEventType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately plain applier for the worker's tests: one statement per logutriga event, in order, as the
 * original does, so that the worker's own guarantees are tested independently of the project's applier. Counts
 * what it applied.
 */
final class OrderedTestApplier implements RowApplier {
    static final AtomicLong APPLIED = new AtomicLong();

    private final Connection conn;
    private final List<String> sql = new ArrayList<>();

    OrderedTestApplier(Connection conn) {
        this.conn = conn;
    }

    @Override
    public void add(Event ev, String destTable) {
        RowEventType t = ev.rowType().orElseThrow();
        String fq = Quote.fqIdent(destTable);
        switch (t.op()) {
            case TRUNCATE -> sql.add("truncate only " + fq + " cascade");
            case INSERT -> {
                Map<String, String> row = ev.urlencodedRow();
                StringJoiner cols = new StringJoiner(", ");
                StringJoiner vals = new StringJoiner(", ");
                row.forEach((k, v) -> {
                    cols.add(Quote.ident(k));
                    vals.add(v == null ? "null" : Quote.literal(v));
                });
                sql.add("insert into " + fq + " (" + cols + ") values (" + vals + ")");
            }
            case UPDATE -> {
                Map<String, String> row = ev.urlencodedRow();
                StringJoiner set = new StringJoiner(", ");
                row.forEach((k, v) -> {
                    if (!t.pkey().contains(k)) {
                        set.add(Quote.ident(k) + " = " + (v == null ? "null" : Quote.literal(v)));
                    }
                });
                sql.add("update only " + fq + " set " + set + " where " + where(t, row));
            }
            case DELETE -> sql.add("delete from only " + fq + " where " + where(t, ev.urlencodedRow()));
        }
        APPLIED.incrementAndGet();
        if (sql.size() >= 200) {
            flush();
        }
    }

    private static String where(RowEventType t, Map<String, String> row) {
        StringJoiner w = new StringJoiner(" and ");
        for (String k : t.pkey()) {
            w.add(Quote.ident(k) + " = " + Quote.literal(row.get(k)));
        }
        return w.toString();
    }

    @Override
    public void flush() {
        if (sql.isEmpty()) {
            return;
        }
        try (Statement st = conn.createStatement()) {
            st.execute(String.join(";\n", sql));
        } catch (SQLException e) {
            throw new IllegalStateException("test applier: " + e.getMessage(), e);
        } finally {
            sql.clear();
        }
    }

    @Override
    public void invalidate(String destTable) {
    }

    @Override
    public void close() {
        sql.clear();
    }
}
