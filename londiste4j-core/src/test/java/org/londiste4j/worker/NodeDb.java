package org.londiste4j.worker;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.SystemPg;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A database that can be a londiste node in the worker's tests: either on an embedded server with londiste4j's
 * SQL installed, or on Debian's PostgreSQL 15 with the original extensions (pgq, pgq_node, londiste), which the
 * worker must drive the same way.
 */
record NodeDb(String label, String major, String jdbcUrl, String connstr, int port) {

    private static SystemPg system;

    /** A fresh database with the original extensions on the JVM's shared Debian PostgreSQL 15. */
    static synchronized NodeDb original(String prefix) throws SQLException {
        if (system == null) {
            system = SystemPg.start("pgq", "pgq_node", "londiste");
            SystemPg s = system;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "syspg-stop"));
        }
        String url = system.createDatabase(prefix);
        String name = url.substring(url.lastIndexOf('/') + 1);
        NodeDb db = new NodeDb("original " + name, "15", url,
                "host=localhost port=" + system.port() + " user=postgres dbname=" + name, system.port());
        db.exec("create extension pgq", "create extension pgq_node", "create extension londiste");
        return db;
    }

    /** A fresh database on the shared embedded server of {@code major} with londiste4j's schemas. */
    static NodeDb ours(String major, String prefix) throws SQLException {
        return ours(TestDb.create(major, prefix));
    }

    /** A fresh database on a server of its own (one the test stops and starts) with londiste4j's schemas. */
    static NodeDb ours(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, String major, String prefix)
            throws SQLException {
        return ours(TestDb.create(server, major, prefix));
    }

    private static NodeDb ours(TestDb t) throws SQLException {
        String major = t.major();
        NodeDb db = new NodeDb("PostgreSQL " + major + " " + t.name(), major, t.jdbcUrl(), t.connstr(), t.port());
        try (Connection c = db.connect()) {
            for (String schema : List.of("pgq", "pgq_node", "londiste")) {
                SchemaInstaller.install(c, schema);
            }
        }
        return db;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The first column of the first row, as text (null when no row). */
    String one(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(one(sql));
    }

    /** Every row of a query as text, one string per row (for row-by-row comparison). */
    List<String> rows(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("set timezone = 'UTC'; set datestyle = 'ISO'; set extra_float_digits = 3");
            try (ResultSet rs = st.executeQuery(sql)) {
                List<String> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
                return out;
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
