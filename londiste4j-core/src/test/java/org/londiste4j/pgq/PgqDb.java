package org.londiste4j.pgq;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.SystemPg;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database with a PgQ in it, for the consumer scenarios: either londiste4j's SQL install on an embedded
 * server, or the original C extension ({@code CREATE EXTENSION pgq}) on a server named by
 * {@code -Dpgq.original.url}, to check that both behave the same.
 */
interface PgqDb {
    Connection connect() throws SQLException;

    String describe();

    /** londiste4j's pgq on a new database of the shared embedded server of {@code major}. */
    static PgqDb londiste4j(String major) throws SQLException {
        TestDb db = TestDb.create(major, "consumer");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
        }
        return new PgqDb() {
            @Override
            public Connection connect() throws SQLException {
                return db.connect();
            }

            @Override
            public String describe() {
                return db.toString();
            }
        };
    }

    AtomicInteger SEQ = new AtomicInteger();

    /**
     * The original pgq extension on a new database of the server at {@code -Dpgq.original.url} (a JDBC URL of any
     * database there, user postgres), else of a Debian PostgreSQL 15 with postgresql-15-pgq3 ({@link SystemPg})
     * started once for this JVM. Aborts (skips) the test, saying why, when neither is there.
     */
    static PgqDb original() throws SQLException {
        String url = System.getProperty("pgq.original.url", "");
        if (url.isBlank()) {
            url = SharedSystemPg.url();
        }
        String name = "orig_consumer_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        }
        String dbUrl = url.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("create extension pgq");
            try (ResultSet rs = st.executeQuery("select pgq.version()")) {
                rs.next();
            }
        }
        return new PgqDb() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(dbUrl, "postgres", "");
            }

            @Override
            public String describe() {
                return "original pgq at " + dbUrl;
            }
        };
    }

    /** One Debian PostgreSQL 15 for all scenarios of the JVM, stopped at exit. */
    final class SharedSystemPg {
        private static SystemPg pg;

        private SharedSystemPg() {
        }

        static synchronized String url() {
            if (pg == null) {
                pg = SystemPg.start("pgq");
                SystemPg started = pg;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "consumer-syspg-stop"));
            }
            return pg.url("postgres");
        }
    }
}
