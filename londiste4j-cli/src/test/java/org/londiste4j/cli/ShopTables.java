package org.londiste4j.cli;

import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SPEC walkthrough's shop as the process tests see it (WalkthroughIT, CutoverIT): its queue and tables, and the
 * independent checks they make on both servers (rows as text, sequence values, every table ok).
 */
final class ShopTables {
    static final String QUEUE = "myappq";
    static final List<String> TABLES = List.of("public.customers", "public.orders", "shop.\"Order Lines\"",
            "public.audit_log");

    private ShopTables() {
    }

    /** Every row as text in fixed session settings, in primary-key order: what both servers must agree on. */
    static List<String> rows(TestDb db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set extra_float_digits = 3");
            try (ResultSet rs = st.executeQuery("select t::text from " + table + " t order by t::text collate \"C\"")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static long lastValue(TestDb db, String seq) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select last_value from " + seq)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether every table of the shop is local and {@code ok} on this node. */
    static boolean allTablesOk(TestDb db) {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from londiste.table_info where queue_name = '" + QUEUE
                     + "' and local and merge_state = 'ok'")) {
            rs.next();
            return rs.getInt(1) == TABLES.size();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Polls until {@code cond} holds, failing after {@code limit}; returns how long it took. */
    static Duration awaitTrue(Duration limit, String what, BooleanSupplier cond) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
