package org.londiste4j.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database of its own on a shared server, for one test. Many databases on one cluster is fast and
 * realistic: the original's own tests run db1..db5 on one server too.
 */
public final class TestDb {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final EmbeddedPostgres server;
    private final String major;
    private final String name;

    private TestDb(EmbeddedPostgres server, String major, String name) {
        this.server = server;
        this.major = major;
        this.name = name;
    }

    /** Creates database {@code <prefix>_<n>} on the shared server of {@code major}. */
    public static TestDb create(String major, String prefix) {
        return create(PgServers.shared(major), major, prefix);
    }

    public static TestDb create(EmbeddedPostgres server, String major, String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet()).toLowerCase();
        try (Connection c = DriverManager.getConnection(url(server, "postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on PostgreSQL " + major, e);
        }
        return new TestDb(server, major, name);
    }

    public static String url(EmbeddedPostgres server, String db) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + db;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    public String jdbcUrl() {
        return url(server, name);
    }

    /** A libpq connection string of this database, as the tools take it. */
    public String connstr() {
        return "host=localhost port=" + server.getPort() + " user=postgres dbname=" + name;
    }

    public String name() {
        return name;
    }

    public String major() {
        return major;
    }

    public int port() {
        return server.getPort();
    }

    public EmbeddedPostgres server() {
        return server;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major + " database " + name;
    }
}
