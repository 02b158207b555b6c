package org.londiste4j.apply;

import org.junit.jupiter.params.provider.Arguments;
import org.londiste4j.pgq.BatchConsumer;
import org.londiste4j.pgq.ConsumerSettings;
import org.londiste4j.pgq.Event;
import org.londiste4j.pgq.PgqApi;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A provider database with PgQ and a queue, and subscriber databases, each a real server of its own major: events
 * come from the real capture triggers, are read with {@link BatchConsumer} and applied with {@link BatchApplier}
 * under {@code session_replication_role = replica}, one transaction per batch, as the worker does.
 */
final class ApplyRig implements AutoCloseable {
    static final String Q = "q";

    final TestDb srcDb;
    final Connection admin;
    final Connection src;
    private final List<Connection> opened = new ArrayList<>();

    private ApplyRig(TestDb srcDb) throws SQLException {
        this.srcDb = srcDb;
        this.admin = srcDb.connect();
        this.src = srcDb.connect();
        src.setAutoCommit(false);
        opened.add(admin);
        opened.add(src);
    }

    /**
     * Source/destination pairs: oldest to newest and back when the run has two majors or more, and the oldest
     * to each major in between (the whole matrix, -Pall-pg); one major to itself when the run has only one.
     */
    static Stream<Arguments> pairs() {
        List<String> v = PgServers.versions();
        String a = v.get(0);
        String b = v.get(v.size() - 1);
        if (a.equals(b)) {
            return Stream.of(Arguments.of(a, a));
        }
        List<Arguments> out = new ArrayList<>(List.of(Arguments.of(a, b), Arguments.of(b, a)));
        for (String mid : v.subList(1, v.size() - 1)) {
            out.add(Arguments.of(a, mid));
        }
        return out.stream();
    }

    static ApplyRig source(String major) throws SQLException {
        TestDb db = TestDb.create(major, "apply_src");
        ApplyRig rig = new ApplyRig(db);
        SchemaInstaller.install(rig.admin, "pgq");
        new PgqApi(rig.admin).createQueue(Q);
        return rig;
    }

    /** A subscriber database on {@code major}: autocommit off, replica role, as the worker's connection. */
    Connection subscriber(String major) throws SQLException {
        TestDb db = TestDb.create(major, "apply_dst");
        Connection c = db.connect();
        opened.add(c);
        try (Statement st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
        }
        c.setAutoCommit(false);
        return c;
    }

    BatchConsumer consumer(String name) throws SQLException {
        BatchConsumer c = new BatchConsumer(ConsumerSettings.of(Q, name));
        c.register(src);
        src.commit();
        return c;
    }

    static void exec(Connection c, String... sqls) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sqls) {
                st.execute(s);
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    void tick() {
        PgqApi api = new PgqApi(admin);
        api.forceTick(Q);
        api.ticker(Q).orElseThrow(() -> new AssertionError("no tick after force_tick"));
    }

    /**
     * Ticks, then applies every batch the consumer has to {@code dst}, each with its own applier and transaction;
     * the row events' tables map to local names through {@code destTable}. The last applier's stats summed.
     */
    Totals drain(BatchConsumer consumer, Connection dst, ApplySettings settings,
                 Function<Event, String> destTable) throws SQLException {
        tick();
        Totals totals = new Totals();
        try (BatchApplier applier = new BatchApplier(dst, settings)) {
            while (consumer.work(src, batch -> {
                for (Event ev : batch.events()) {
                    if (ev.rowType().isPresent()) {
                        applier.add(ev, destTable.apply(ev));
                    }
                }
                applier.flush();
                try {
                    dst.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            })) {
                totals.batches++;
            }
            totals.stats = applier.stats();
        }
        return totals;
    }

    Totals drain(BatchConsumer consumer, Connection dst, ApplySettings settings) throws SQLException {
        return drain(consumer, dst, settings, Event::extra1);
    }

    static final class Totals {
        int batches;
        ApplyStats stats;
    }

    /**
     * The table's rows as text, ordered by {@code orderBy}, in fixed settings (ISO dates in UTC, hex bytea,
     * postgres intervals) and with floats as their IEEE bytes, so that two majors can be compared exactly.
     */
    static List<String> dump(Connection c, String table, String orderBy) throws SQLException {
        boolean ac = c.getAutoCommit();
        List<String> cols = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("set DateStyle = 'ISO, YMD'");
            st.execute("set TimeZone = 'UTC'");
            st.execute("set IntervalStyle = 'postgres'");
            st.execute("set bytea_output = 'hex'");
            st.execute("set extra_float_digits = 3");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select quote_ident(attname), atttypid::regtype::text from pg_attribute where attrelid = ?::regclass"
                        + " and attnum > 0 and not attisdropped order by attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String col = rs.getString(1);
                    String type = rs.getString(2);
                    if (type.equals("double precision") || type.equals("real")) {
                        cols.add("coalesce(encode(float8send(" + col + "::float8), 'hex'), 'NULL')");
                    } else {
                        cols.add("coalesce(quote_literal(" + col + "::text), 'NULL')");
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select " + String.join(" || '|' || ", cols) + " from " + table + " order by " + orderBy)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        if (!ac) {
            c.commit();
        }
        return out;
    }

    static Map<String, String> row(Connection c, String sql) throws SQLException {
        Map<String, String> r = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    r.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        return r;
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
    }
}
