package org.londiste4j.db;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting from libpq strings to real servers, and Quote against the server's own quote_ident. */
class DbIT {
    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldConnectWithApplicationNameFromALibpqString(String major) throws Exception {
        TestDb db = TestDb.create(major, "dbconn");
        var cs = ConnStr.parse(db.connstr() + " password='not shown' options='-c search_path=pg_catalog'");
        try (Connection c = Db.connect(cs, "londiste leaf1 worker")) {
            assertEquals("londiste leaf1 worker", scalar(c, "select current_setting('application_name')", null));
            assertEquals("pg_catalog", scalar(c, "select current_setting('search_path')", null));
            assertEquals(db.name(), scalar(c, "select current_database()", null));
        }
        String odd = "my db+é " + db.name();
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("create database " + Quote.ident(odd));
        }
        var oddCs = ConnStr.of(java.util.Map.of("host", "localhost", "port", String.valueOf(db.port()), "user",
                "postgres", "dbname", odd));
        try (Connection c = Db.connect(ConnStr.parse(oddCs.render()), "odd")) {
            assertEquals(odd, scalar(c, "select current_database()", null));
        }
        var uri = ConnStr.parse("postgresql://postgres@localhost:" + db.port() + "/" + db.name());
        try (Connection c = Db.connect(uri, "x")) {
            assertEquals("x", scalar(c, "select current_setting('application_name')", null));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFailInOneLineNamingTheDatabaseWithoutPassword(String major) {
        TestDb db = TestDb.create(major, "dbconn");
        var missing = ConnStr.parse("host=localhost port=" + db.port() + " user=postgres dbname=nosuchdb "
                + "password=secret");
        var e = assertThrows(Db.DbException.class, () -> Db.connect(missing, "t"));
        assertEquals("3D000", e.sqlState());
        assertTrue(e.permanent());
        assertTrue(e.getMessage().startsWith("database dbname=nosuchdb host=localhost port=" + db.port()
                + " user=postgres: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; create the database or fix dbname"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
        assertFalse(e.getMessage().contains("\n"));

        var refused = ConnStr.parse("host=localhost port=1 user=postgres dbname=x");
        var r = assertThrows(Db.DbException.class, () -> Db.connect(refused, "t"));
        assertFalse(r.permanent());
        assertTrue(r.getMessage().endsWith("; check that the server runs and listens on that host and port"),
                r.getMessage());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldQuoteAsTheServerDoes(String major) throws Exception {
        TestDb db = TestDb.create(major, "quote");
        try (Connection c = db.connect()) {
            for (String name : List.of("orders", "Orders", "order lines", "user", "select", "name", "1st", "a\"b",
                    "_x1$", "é", "between", "time", "left")) {
                assertEquals(scalar(c, "select quote_ident(?)", name), Quote.ident(name), name);
            }
            // keywords of newer majors (json: 16) are quoted everywhere: the same name on every version
            assertEquals("\"json\"", Quote.ident("json"));
            assertEquals("json", scalar(c, "select (" + Quote.ident("json") + ")::text from (select 'json' as "
                    + Quote.ident("json") + ") s", null));
            for (String v : List.of("it's", "a\\b", "plain")) {
                assertEquals(scalar(c, "select quote_literal(?)", v), Quote.literal(v), v);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void slotShouldReopenAfterLifetimeAndAfterReset(String major) throws Exception {
        TestDb db = TestDb.create(major, "slot");
        long[] now = {0};
        try (var slot = new ConnectionSlot(ConnStr.parse(db.connstr()), "slot-it", java.time.Duration.ofSeconds(10),
                () -> now[0])) {
            Connection first = slot.get();
            String pid1 = scalar(first, "select pg_backend_pid()::text", null);
            now[0] += java.time.Duration.ofSeconds(5).toNanos();
            assertTrue(first == slot.get(), "young connection kept");
            now[0] += java.time.Duration.ofSeconds(6).toNanos();
            Connection second = slot.get();
            assertTrue(first.isClosed(), "old connection closed");
            assertFalse(pid1.equals(scalar(second, "select pg_backend_pid()::text", null)));
            slot.reset();
            assertFalse(slot.isOpen());
            assertEquals("slot-it", scalar(slot.get(), "select current_setting('application_name')", null));
        }
    }

    private static String scalar(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
